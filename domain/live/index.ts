/** What other domains and the doors may use of the live feed. */

export { type LiveConnection, type LiveRole, liveConnectionSchema } from './live-connection';
export type { LiveErrorCode } from './live-errors';
export { liveErrorCodes } from './live-errors';
export { LiveFeed, type PushSummary } from './live-feed';
export { type LiveFrame, type LiveRequest, MAX_MESSAGE_DATA_BYTES } from './live-messages';
export { matchesAnyPattern, matchesTypePattern } from './type-pattern';
