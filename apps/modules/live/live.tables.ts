import { MemoryLiveConnectionStore } from '../../../adapters/memory/live-connection-store.memory';

/**
 * No partition: the Azure door has no WebSocket API of its own (Azure Web PubSub would be it, see
 * the README), and a server on Table Storage holds its sockets, so their connections, in process.
 */
export const liveOnTables = {
  partitions: [],
  create: () => ({ connections: new MemoryLiveConnectionStore() }),
};
