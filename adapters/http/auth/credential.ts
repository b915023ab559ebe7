import { type HttpRequest, headerOf } from '../http-types';

/**
 * The credential a request carries: `Authorization: Bearer <API key or JWT>`, else `x-api-key`.
 * Authorization wins when both are sent: behind the REST API, `x-api-key` carries API
 * Gateway's own usage-plan key, which is not ours. An Authorization header that is not a
 * Bearer credential is unreadable (401), never ignored in favour of the other header.
 */
export const credentialOf = (request: HttpRequest): string | undefined | 'unreadable' => {
  const authorization = headerOf(request, 'authorization');
  if (authorization !== undefined) {
    return /^Bearer[ ]+([^\s,]+)\s*$/i.exec(authorization)?.[1] ?? 'unreadable';
  }
  return headerOf(request, 'x-api-key')?.trim() || undefined;
};
