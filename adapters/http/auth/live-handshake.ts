import type { LiveRole } from '../../../domain/live';
import type { Authenticator } from './principal';

/** The subprotocol a client offers with its credential, and the server selects. */
export const LIVE_SUBPROTOCOL = 'live.v1';
const BEARER = 'bearer.';

/** What a WebSocket handshake offers, as any door reads it. */
export interface LiveHandshakeRequest {
  /** `?token=` */
  token?: string | undefined;
  /** The Sec-WebSocket-Protocol header: `live.v1, bearer.<credential>`. */
  protocols?: string | undefined;
}

export type LiveHandshake =
  | { accepted: true; role: LiveRole; protocol: string | undefined }
  | { accepted: false; status: 401 | 403; code: 'AUTH.UNAUTHENTICATED' | 'AUTH.FORBIDDEN' };

const offered = (header: string | undefined) =>
  (header ?? '')
    .split(',')
    .map((protocol) => protocol.trim())
    .filter(Boolean);

/**
 * A browser cannot set Authorization on a WebSocket, so the credential rides in the query or in
 * a subprotocol (`bearer.<credential>`, which the server never selects: it answers `live.v1`).
 * The query wins when both are sent, as it is the one a non-browser client sets on purpose.
 */
export const liveCredentialOf = (request: LiveHandshakeRequest): string | undefined =>
  request.token ||
  offered(request.protocols)
    .find((protocol) => protocol.startsWith(BEARER))
    ?.slice(BEARER.length) ||
  undefined;

/**
 * The handshake's decision, the same on every door: the HTTP API's credentials and roles (a
 * reader may connect, as for GET routes; a user's own token, with no role, may not), or
 * everyone as `open` when the door runs without AUTH.
 */
export const decideLiveHandshake = async (
  authenticator: Authenticator | undefined,
  request: LiveHandshakeRequest,
): Promise<LiveHandshake> => {
  const protocol = offered(request.protocols).includes(LIVE_SUBPROTOCOL)
    ? LIVE_SUBPROTOCOL
    : undefined;
  if (!authenticator) return { accepted: true, role: 'open', protocol };
  const credential = liveCredentialOf(request);
  const principal =
    credential === undefined ? undefined : await authenticator.authenticate(credential);
  if (!principal) return { accepted: false, status: 401, code: 'AUTH.UNAUTHENTICATED' };
  if (principal.role === undefined) return { accepted: false, status: 403, code: 'AUTH.FORBIDDEN' };
  return { accepted: true, role: principal.role, protocol };
};
