import { type HttpRequest, headerOf } from '../http-types';

/**
 * The credential a request carries: `Authorization: Bearer <API key or JWT>` or `x-api-key`.
 * A request naming two different ones is refused rather than guessed at.
 */
export const credentialOf = (request: HttpRequest): string | undefined | 'unreadable' => {
  const authorization = headerOf(request, 'authorization');
  const bearer = authorization ? /^Bearer[ ]+([^\s,]+)\s*$/i.exec(authorization)?.[1] : undefined;
  const apiKey = headerOf(request, 'x-api-key')?.trim() || undefined;
  if (authorization !== undefined && bearer === undefined) return 'unreadable';
  if (bearer && apiKey && bearer !== apiKey) return 'unreadable';
  return bearer ?? apiKey;
};
