/** The HTTP status of a failed Table/Blob/Queue call (RestError), if it has one. */
export const statusOf = (error: unknown): number | undefined => {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
};

export const isStatus = (error: unknown, ...statuses: number[]): boolean => {
  const status = statusOf(error);
  return status !== undefined && statuses.includes(status);
};

/** The service's error code (`TableNotFound`, `QueueNotFound`), wherever the SDK put it. */
export const errorCodeOf = (error: unknown): string | undefined => {
  const failure = error as { code?: unknown; details?: { errorCode?: unknown } } | null;
  const code = failure?.details?.errorCode ?? failure?.code;
  return typeof code === 'string' ? code : undefined;
};
