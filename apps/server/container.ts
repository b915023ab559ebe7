import { Container } from 'inversify';
import { CsvParseReader } from '../../adapters/csv/csv-reader.csv-parse';
import { SystemClock } from '../../adapters/local/clock.system';
import { InProcessEventBus } from '../../adapters/local/event-bus.in-process';
import { UuidV7IdGenerator } from '../../adapters/local/id-generator.uuidv7';
import { InventoryService } from '../../domain/inventory/inventory-service';
import { OrderService } from '../../domain/orders/order-service';
import { UserService } from '../../domain/users/user-service';
import type { Clock } from '../../ports/clock.port';
import type { CsvReader } from '../../ports/csv-reader.port';
import type { IdGenerator } from '../../ports/id-generator.port';
import type { ImportStore } from '../../ports/import-store.port';
import type { InventoryRepository } from '../../ports/inventory-repository.port';
import type { Logger } from '../../ports/logger.port';
import type { ObjectStore } from '../../ports/object-store.port';
import type { OrderRepository } from '../../ports/order-repository.port';
import { TOKENS } from '../../ports/tokens';
import type { UserRepository } from '../../ports/user-repository.port';
import type { StoreAdapters } from './stores/store-adapters';

/** What only the composition root handles: the bus to subscribe on. */
export const INFRA = {
  Bus: Symbol.for('InProcessEventBus'),
} as const;

export interface ContainerOptions {
  clock?: Clock;
  ids?: IdGenerator;
  /** Rows per store write of an import (the domain's default otherwise). */
  importBatchSize?: number;
}

/**
 * The only place that knows which adapter backs which port. Domain services are
 * plain classes: inversify builds them from factories, no decorators needed.
 */
export const createContainer = (
  store: StoreAdapters,
  objects: ObjectStore,
  logger: Logger,
  options: ContainerOptions = {},
): Container => {
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind<Logger>(TOKENS.Logger).toConstantValue(logger);
  container.bind<Clock>(TOKENS.Clock).toConstantValue(options.clock ?? new SystemClock());
  container
    .bind<IdGenerator>(TOKENS.IdGenerator)
    .toConstantValue(options.ids ?? new UuidV7IdGenerator());
  const bus = new InProcessEventBus();
  container.bind(INFRA.Bus).toConstantValue(bus);
  container.bind(TOKENS.EventBus).toConstantValue(bus);
  container.bind(TOKENS.UserRepository).toConstantValue(store.users);
  container.bind(TOKENS.OrderRepository).toConstantValue(store.orders);
  container.bind(TOKENS.InventoryRepository).toConstantValue(store.inventory);
  container.bind(TOKENS.ImportStore).toConstantValue(store.imports);
  container.bind(TOKENS.ObjectStore).toConstantValue(objects);
  container.bind<CsvReader>(TOKENS.CsvReader).toConstantValue(new CsvParseReader());
  container.bind(TOKENS.ProcessedEventStore).toConstantValue(store.processed);
  container.bind(TOKENS.HealthChecks).toConstantValue(store.healthChecks);
  container
    .bind(TOKENS.UserService)
    .toResolvedValue(
      (users: UserRepository, clock: Clock, ids: IdGenerator) => new UserService(users, clock, ids),
      [TOKENS.UserRepository, TOKENS.Clock, TOKENS.IdGenerator],
    );
  container
    .bind(TOKENS.OrderService)
    .toResolvedValue(
      (orders: OrderRepository, users: UserRepository, clock: Clock, ids: IdGenerator) =>
        new OrderService(orders, users, clock, ids),
      [TOKENS.OrderRepository, TOKENS.UserRepository, TOKENS.Clock, TOKENS.IdGenerator],
    );
  container.bind(TOKENS.InventoryService).toResolvedValue(
    (
      stock: InventoryRepository,
      imports: ImportStore,
      objectStore: ObjectStore,
      csv: CsvReader,
      clock: Clock,
      ids: IdGenerator,
    ) =>
      new InventoryService(stock, imports, objectStore, csv, clock, ids, {
        batchSize: options.importBatchSize,
      }),
    [
      TOKENS.InventoryRepository,
      TOKENS.ImportStore,
      TOKENS.ObjectStore,
      TOKENS.CsvReader,
      TOKENS.Clock,
      TOKENS.IdGenerator,
    ],
  );
  return container;
};
