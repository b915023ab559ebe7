import { MemoryLiveConnectionStore } from '../../../adapters/memory/live-connection-store.memory';

/**
 * No table: a server's sockets live in its process, so its connections are kept in memory beside
 * them (a row would outlive a crash that closed every socket).
 */
export const liveOnSqlite = {
  schema: { name: 'live', migrations: [] },
  create: () => ({ connections: new MemoryLiveConnectionStore() }),
};
