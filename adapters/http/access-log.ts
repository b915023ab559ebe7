/**
 * Which requests get a `request completed` line, the same setting (ACCESS_LOG) on every door.
 * Its own module so a function's config can name it without loading the HTTP API.
 */
export const ACCESS_LOGS = ['errors', 'all'] as const;
export type AccessLog = (typeof ACCESS_LOGS)[number];

/** A request slower than this gets an access line whatever ACCESS_LOG says. */
const SLOW_MS = 1000;

/** Whether a finished request gets its `request completed` line. */
export const wantsAccessLine = (accessLog: AccessLog, status: number, ms: number): boolean =>
  accessLog === 'all' || status >= 400 || ms > SLOW_MS;
