import { type DomainErrorCode, domainErrorCodes } from '../../domain/shared/error-codes';

/** Errors the transport itself raises, before or after the domain is called. */
export const httpErrorCodes = {
  'HTTP.ROUTE_NOT_FOUND': 'No route matches this path.',
  'HTTP.METHOD_NOT_ALLOWED': 'The path exists but not with this method; see the Allow header.',
  'HTTP.MALFORMED_JSON': 'The body is not valid JSON.',
  'HTTP.UNSUPPORTED_MEDIA_TYPE':
    'The body must be sent as application/json (uploads: text/csv or multipart/form-data).',
  'HTTP.PAYLOAD_TOO_LARGE': 'The body is larger than 1 MiB (10 MiB for uploads).',
  'HTTP.BAD_REQUEST': 'The request could not be read (malformed headers or event).',
  'OBJECT.URL_INVALID': 'The object link was not issued by this server or has been altered.',
  'OBJECT.URL_EXPIRED': 'The object link has expired; ask for a new one.',
  'OBJECT.NOT_FOUND': 'The object behind the link no longer exists.',
  'SERVICE.UNAVAILABLE': 'A dependency (the store) cannot be reached; retry later.',
  INTERNAL: 'Something failed on our side; the requestId identifies it in the logs.',
} as const;

export type HttpErrorCode = keyof typeof httpErrorCodes;
export type ErrorCode = DomainErrorCode | HttpErrorCode;

/** Every code the API can answer with, and what it means: the one catalogue. */
export const errorCatalogue: Readonly<Record<ErrorCode, string>> = {
  ...domainErrorCodes,
  ...httpErrorCodes,
};

/** Code -> status, the single place HTTP meaning is given to errors. Typed so none is missed. */
export const errorStatus: Readonly<Record<ErrorCode, number>> = {
  'VALIDATION.FAILED': 400,
  'PAGINATION.INVALID_CURSOR': 400,
  'USER.NOT_FOUND': 404,
  'USER.EMAIL_TAKEN': 409,
  'USER.VERSION_MISMATCH': 409,
  'ORDER.NOT_FOUND': 404,
  'ORDER.USER_NOT_FOUND': 422,
  'ORDER.INVALID_TRANSITION': 409,
  'ORDER.VERSION_MISMATCH': 409,
  'ORDER.TOTAL_TOO_LARGE': 422,
  'INVENTORY.NOT_FOUND': 404,
  'INVENTORY.INSUFFICIENT_STOCK': 409,
  'INVENTORY.COUNT_TOO_LARGE': 409,
  'INVENTORY.VERSION_MISMATCH': 409,
  'INVENTORY.IMPORT_NOT_FOUND': 404,
  'INVENTORY.SOURCE_NOT_FOUND': 404,
  'HTTP.ROUTE_NOT_FOUND': 404,
  'HTTP.METHOD_NOT_ALLOWED': 405,
  'HTTP.MALFORMED_JSON': 400,
  'HTTP.UNSUPPORTED_MEDIA_TYPE': 415,
  'HTTP.PAYLOAD_TOO_LARGE': 413,
  'HTTP.BAD_REQUEST': 400,
  'OBJECT.URL_INVALID': 403,
  'OBJECT.URL_EXPIRED': 403,
  'OBJECT.NOT_FOUND': 404,
  'SERVICE.UNAVAILABLE': 503,
  INTERNAL: 500,
};

/** Raised by the HTTP layer itself; mapped through the same table as domain errors. */
export class HttpError extends Error {
  constructor(
    readonly code: HttpErrorCode,
    message: string = httpErrorCodes[code],
    readonly headers: Record<string, string> = {},
    readonly details?: unknown,
  ) {
    super(message);
  }
}
