import { UuidV7IdGenerator } from '../../adapters/local/id-generator.uuidv7';
import { SequentialIdGenerator } from '../../adapters/memory/id-generator.memory';
import { MemoryImportStore } from '../../adapters/memory/import-store.memory';
import { MemoryInventoryRepository } from '../../adapters/memory/inventory-repository.memory';
import { MemoryOrderRepository } from '../../adapters/memory/order-repository.memory';
import { MemoryOutbox } from '../../adapters/memory/outbox.memory';
import { MemoryProcessedEventStore } from '../../adapters/memory/processed-event-store.memory';
import { MemoryUserRepository } from '../../adapters/memory/user-repository.memory';
import { MemoryWorkRecordStore } from '../../adapters/memory/work-record-store.memory';
import { describeIdGeneratorContract } from '../contracts/id-generator.contract';
import { describeImportStoreContract } from '../contracts/import-store.contract';
import { describeInventoryRepositoryContract } from '../contracts/inventory-repository.contract';
import { describeOrderRepositoryContract } from '../contracts/order-repository.contract';
import { describeOutboxContract } from '../contracts/outbox-store.contract';
import { describeProcessedEventStoreContract } from '../contracts/processed-event-store.contract';
import { describeUserRepositoryContract } from '../contracts/user-repository.contract';
import { describeWorkRecordStoreContract } from '../contracts/work-record-store.contract';

describeUserRepositoryContract('memory', () => {
  const outbox = new MemoryOutbox();
  return { users: new MemoryUserRepository(outbox), outbox };
});

describeOrderRepositoryContract('memory', () => {
  const outbox = new MemoryOutbox();
  return { orders: new MemoryOrderRepository(outbox), outbox };
});

describeOutboxContract('memory', () => {
  const outbox = new MemoryOutbox();
  return {
    outbox,
    append: (events) => outbox.append(events),
  };
});

describeProcessedEventStoreContract('memory', () => ({
  processed: new MemoryProcessedEventStore(),
}));

describeIdGeneratorContract('UUIDv7 (adapters/local)', () => new UuidV7IdGenerator());
describeIdGeneratorContract('sequential (adapters/memory)', () => new SequentialIdGenerator());

describeInventoryRepositoryContract('memory', () => {
  const outbox = new MemoryOutbox();
  return { inventory: new MemoryInventoryRepository(outbox), outbox };
});

describeImportStoreContract('memory', () => ({ imports: new MemoryImportStore() }));

describeWorkRecordStoreContract('memory', () => {
  const outbox = new MemoryOutbox();
  return { images: new MemoryWorkRecordStore(outbox), outbox };
});
