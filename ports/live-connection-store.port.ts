import type { LiveConnection } from '../domain/live';

/**
 * The live feed's open connections. The server keeps its own in memory (its sockets live in its
 * process); API Gateway's are items of the single table, since each Lambda invocation sees only
 * one event. Few enough to list whole: one operator console, a handful of dashboards.
 */
export interface LiveConnectionStore {
  /** Registers a connection, replacing one of the same id. */
  put(connection: LiveConnection): Promise<void>;
  get(id: string): Promise<LiveConnection | undefined>;
  /** Replaces its patterns; false (and nothing stored) when the connection is not there. */
  setSubscriptions(id: string, patterns: readonly string[]): Promise<boolean>;
  /** Removes it; absent is not an error (a disconnect after a GoneException). */
  delete(id: string): Promise<void>;
  /** Every connection stored. */
  list(): Promise<LiveConnection[]>;
}
