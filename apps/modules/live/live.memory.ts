import { MemoryLiveConnectionStore } from '../../../adapters/memory/live-connection-store.memory';

export const liveOnMemory = {
  create: () => ({ connections: new MemoryLiveConnectionStore() }),
};
