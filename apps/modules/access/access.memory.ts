import { MemoryApiKeyStore } from '../../../adapters/memory/api-key-store.memory';

export const accessOnMemory = {
  create: () => ({ apiKeys: new MemoryApiKeyStore() }),
};
