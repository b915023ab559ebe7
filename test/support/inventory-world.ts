import { CsvParseReader } from '../../adapters/csv/csv-reader.csv-parse';
import { InProcessEventBus } from '../../adapters/local/event-bus.in-process';
import { FsObjectStore } from '../../adapters/local/object-store.fs';
import { ManualClock } from '../../adapters/memory/clock.memory';
import { SequentialIdGenerator } from '../../adapters/memory/id-generator.memory';
import { MemoryImportStore } from '../../adapters/memory/import-store.memory';
import { MemoryInventoryRepository } from '../../adapters/memory/inventory-repository.memory';
import { MemoryNotifier } from '../../adapters/memory/notifier.memory';
import { MemoryOutbox } from '../../adapters/memory/outbox.memory';
import { MemoryProcessedEventStore } from '../../adapters/memory/processed-event-store.memory';
import { createPinoLogger } from '../../adapters/pino/logger.pino';
import {
  InventoryService,
  type InventoryServiceOptions,
} from '../../domain/inventory/inventory-service';
import { outOfStockAlert } from '../../domain/inventory/out-of-stock-alert';
import { bindReaction, createReactor } from '../../domain/shared/reaction';
import { tempDir } from './temp-dir';

const FAR_FUTURE = new Date('2999-01-01T00:00:00Z');

/**
 * The inventory domain on memory adapters, a real filesystem object store and the real CSV
 * reader, with its alert reaction delivered as every door delivers it.
 */
export const inventoryWorld = (options: InventoryServiceOptions = {}) => {
  const dir = tempDir('inventory-');
  const clock = new ManualClock('2026-05-01T10:00:00.000Z');
  const outbox = new MemoryOutbox();
  const stock = new MemoryInventoryRepository(outbox);
  const imports = new MemoryImportStore();
  const objects = new FsObjectStore({
    root: dir.path,
    publicBaseUrl: 'http://localhost:3000',
    signingSecret: 'test-secret',
    clock,
  });
  const notifier = new MemoryNotifier();
  const processed = new MemoryProcessedEventStore();
  const bus = new InProcessEventBus();
  bus.subscribe(
    'reactions',
    '*',
    createReactor(
      [bindReaction(outOfStockAlert, { notifier })],
      processed,
      createPinoLogger({ level: 'silent' }),
    ),
  );
  const service = new InventoryService(
    stock,
    imports,
    objects,
    new CsvParseReader(),
    clock,
    new SequentialIdGenerator(),
    options,
  );
  /** Delivers what the outbox holds, as the relay does; returns the events. */
  const deliver = async () => {
    const due = (await outbox.due(100_000, FAR_FUTURE)).map((entry) => entry.event);
    await bus.publish(due);
    await outbox.markDelivered(due.map((event) => event.id));
    return due;
  };
  return {
    service,
    stock,
    imports,
    objects,
    outbox,
    notifier,
    clock,
    bus,
    deliver,
    close: () => dir.remove(),
  };
};
