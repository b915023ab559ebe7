import { MemoryImportStore } from '../../../adapters/memory/import-store.memory';
import { MemoryInventoryRepository } from '../../../adapters/memory/inventory-repository.memory';
import type { MemoryOutbox } from '../../../adapters/memory/outbox.memory';

export const inventoryOnMemory = {
  create: (outbox: MemoryOutbox) => ({
    stock: new MemoryInventoryRepository(outbox),
    imports: new MemoryImportStore(),
  }),
};
