/**
 * Which requests get a `request completed` line, the same setting (ACCESS_LOG) on every door.
 * Its own module so a function's config can name it without loading the HTTP API.
 */
export const ACCESS_LOGS = ['errors', 'all'] as const;
export type AccessLog = (typeof ACCESS_LOGS)[number];
