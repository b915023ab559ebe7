/**
 * The live feed's error codes, sent in an `error` frame to the client whose message caused them;
 * the connection stays open. The handshake's refusals are the HTTP API's own (401, 403).
 */
export const liveErrorCodes = {
  'LIVE.INVALID_MESSAGE':
    'The live-feed message is not JSON, names an unknown action, has bad types or data over 32 KiB.',
  'LIVE.FORBIDDEN': 'sendMessage needs the writer role (or above) on this connection.',
} as const;

export type LiveErrorCode = keyof typeof liveErrorCodes;
