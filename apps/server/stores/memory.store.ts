import { MemoryImportStore } from '../../../adapters/memory/import-store.memory';
import { MemoryInventoryRepository } from '../../../adapters/memory/inventory-repository.memory';
import { MemoryNotifier } from '../../../adapters/memory/notifier.memory';
import { MemoryOrderRepository } from '../../../adapters/memory/order-repository.memory';
import { MemoryOutbox } from '../../../adapters/memory/outbox.memory';
import { MemoryProcessedEventStore } from '../../../adapters/memory/processed-event-store.memory';
import { MemoryUserRepository } from '../../../adapters/memory/user-repository.memory';
import type { StoreFactory } from './store-adapters';

/** Everything in memory: a throwaway demo, gone on restart. */
export const memoryStore: StoreFactory = () => {
  const outbox = new MemoryOutbox();
  return {
    users: new MemoryUserRepository(outbox),
    orders: new MemoryOrderRepository(outbox),
    inventory: new MemoryInventoryRepository(outbox),
    imports: new MemoryImportStore(),
    notifications: new MemoryNotifier(),
    processed: new MemoryProcessedEventStore(),
    outbox: { store: outbox, onCommit: (listener) => outbox.onAppend(listener) },
    healthChecks: [],
    close: () => undefined,
  };
};
