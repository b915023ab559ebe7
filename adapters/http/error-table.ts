import { sharedErrorCodes } from '../../domain/shared/error-codes';

export interface ErrorEntry {
  status: number;
  description: string;
}

/** Code -> the status it is answered with and the sentence that documents it. */
export type ErrorTable = Readonly<Record<string, ErrorEntry>>;

/**
 * Gives a catalogue's codes (code -> description, kept by its domain) their HTTP statuses: the
 * HTTP meaning of errors is decided here, in the HTTP layer, and typed so no code is missed.
 */
export const errorTable = <C extends string>(
  descriptions: Readonly<Record<C, string>>,
  statuses: Readonly<Record<C, number>>,
): ErrorTable =>
  Object.fromEntries(
    (Object.keys(descriptions) as C[]).map((code) => [
      code,
      { status: statuses[code], description: descriptions[code] },
    ]),
  );

/** Errors the transport itself raises, before or after the domain is called. */
export const httpErrorCodes = {
  'HTTP.ROUTE_NOT_FOUND': 'No route matches this path.',
  'HTTP.METHOD_NOT_ALLOWED': 'The path exists but not with this method; see the Allow header.',
  'HTTP.MALFORMED_JSON': 'The body is not valid JSON.',
  'HTTP.UNSUPPORTED_MEDIA_TYPE':
    'The body must be sent as application/json (uploads: text/csv or multipart/form-data).',
  'HTTP.PAYLOAD_TOO_LARGE': 'The body is larger than 1 MiB (10 MiB for uploads).',
  'HTTP.BAD_REQUEST': 'The request could not be read (malformed headers or event).',
  'HTTP.HEADERS_TOO_LARGE': 'The request line and headers are larger than 16 KiB.',
  'HTTP.BAD_URL':
    'The path does not decode: a percent sign not followed by two hex digits, or bytes that are not UTF-8 (overlong forms, surrogates).',
  'HTTP.URI_TOO_LONG': 'A path segment is longer than 100 characters.',
  'HTTP.BAD_CONTENT_LENGTH':
    'The body framing is ambiguous: Content-Length not a number or sent twice, Transfer-Encoding malformed, or both sent.',
  'HTTP.UNKNOWN_METHOD': 'The method is not an HTTP method this server knows.',
  'HTTP.REQUEST_TIMEOUT': 'The request (headers and body) did not arrive within the deadline.',
  'HTTP.TOO_MANY_CONNECTIONS': 'This client has too many connections open; close some and retry.',
  'RATE.LIMITED': 'Too many requests for this credential (or address); see Retry-After.',
  'QUOTA.EXCEEDED': "Today's upload quota for this credential is used up; see Retry-After.",
  'AUTH.UNAUTHENTICATED':
    'The route needs a credential: an API key (Authorization: Bearer or x-api-key) or a JWT; it was missing, unknown, revoked or expired.',
  'AUTH.FORBIDDEN': 'The credential is valid but its role (or user) may not do this.',
  'OBJECT.URL_INVALID': 'The object link was not issued by this server or has been altered.',
  'OBJECT.URL_EXPIRED': 'The object link has expired; ask for a new one.',
  'OBJECT.NOT_FOUND': 'The object behind the link no longer exists.',
  'SERVICE.UNAVAILABLE': 'A dependency (the store) cannot be reached; retry later.',
  INTERNAL: 'Something failed on our side; the requestId identifies it in the logs.',
} as const;

export type HttpErrorCode = keyof typeof httpErrorCodes;

export const httpErrors = errorTable(httpErrorCodes, {
  'HTTP.ROUTE_NOT_FOUND': 404,
  'HTTP.METHOD_NOT_ALLOWED': 405,
  'HTTP.MALFORMED_JSON': 400,
  'HTTP.UNSUPPORTED_MEDIA_TYPE': 415,
  'HTTP.PAYLOAD_TOO_LARGE': 413,
  'HTTP.BAD_REQUEST': 400,
  'HTTP.HEADERS_TOO_LARGE': 431,
  'HTTP.BAD_URL': 400,
  'HTTP.URI_TOO_LONG': 414,
  'HTTP.BAD_CONTENT_LENGTH': 400,
  'HTTP.UNKNOWN_METHOD': 400,
  'HTTP.REQUEST_TIMEOUT': 408,
  'HTTP.TOO_MANY_CONNECTIONS': 429,
  'RATE.LIMITED': 429,
  'QUOTA.EXCEEDED': 429,
  'AUTH.UNAUTHENTICATED': 401,
  'AUTH.FORBIDDEN': 403,
  'OBJECT.URL_INVALID': 403,
  'OBJECT.URL_EXPIRED': 403,
  'OBJECT.NOT_FOUND': 404,
  'SERVICE.UNAVAILABLE': 503,
  INTERNAL: 500,
});

/** The codes every domain shares (domain/shared/error-codes.ts). */
export const sharedErrors = errorTable(sharedErrorCodes, {
  'VALIDATION.FAILED': 400,
  'PAGINATION.INVALID_CURSOR': 400,
});

/** One table from several (the transport's, the shared codes, each module's); a code given twice is a mistake. */
export const mergeErrorTables = (tables: readonly ErrorTable[]): ErrorTable => {
  const merged: Record<string, ErrorEntry> = {};
  for (const table of tables) {
    for (const [code, entry] of Object.entries(table)) {
      if (merged[code]) throw new Error(`Error code ${code} is declared twice`);
      merged[code] = entry;
    }
  }
  return merged;
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
