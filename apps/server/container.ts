import { join } from 'node:path';
import { Container } from 'inversify';
import { SystemClock } from '../../adapters/local/clock.system';
import { InProcessEventBus } from '../../adapters/local/event-bus.in-process';
import { UuidV7IdGenerator } from '../../adapters/local/id-generator.uuidv7';
import { MemoryOrderRepository } from '../../adapters/memory/order-repository.memory';
import { MemoryOutbox } from '../../adapters/memory/outbox.memory';
import { MemoryProcessedEventStore } from '../../adapters/memory/processed-event-store.memory';
import { MemoryUserRepository } from '../../adapters/memory/user-repository.memory';
import { SqliteHealthCheck } from '../../adapters/sqlite/health-check.sqlite';
import { SqliteOrderRepository } from '../../adapters/sqlite/order-repository.sqlite';
import { SqliteOutbox } from '../../adapters/sqlite/outbox.sqlite';
import { SqliteProcessedEventStore } from '../../adapters/sqlite/processed-event-store.sqlite';
import { SqliteDatabase } from '../../adapters/sqlite/sqlite-database';
import { SqliteUserRepository } from '../../adapters/sqlite/user-repository.sqlite';
import { OrderService } from '../../domain/orders/order-service';
import { UserService } from '../../domain/users/user-service';
import type { Clock } from '../../ports/clock.port';
import type { HealthCheck } from '../../ports/health-check.port';
import type { IdGenerator } from '../../ports/id-generator.port';
import type { Logger } from '../../ports/logger.port';
import type { OrderRepository } from '../../ports/order-repository.port';
import { TOKENS } from '../../ports/tokens';
import type { UserRepository } from '../../ports/user-repository.port';
import type { ServerConfig } from './config';

/** What only the composition root handles: the bus to subscribe on, hooks and cleanup. */
export const INFRA = {
  Bus: Symbol.for('InProcessEventBus'),
  /** Subscribes a callback to "an outbox row was committed" (the relay's kick). */
  OnOutboxCommit: Symbol.for('OnOutboxCommit'),
  Closers: Symbol.for('Closers'),
} as const;

export type OnOutboxCommit = (listener: () => void) => void;

export interface ContainerOptions {
  clock?: Clock;
  ids?: IdGenerator;
}

const bindStore = (container: Container, config: Pick<ServerConfig, 'store' | 'dataDir'>) => {
  if (config.store === 'memory') {
    const outbox = new MemoryOutbox();
    container.bind(TOKENS.OutboxStore).toConstantValue(outbox);
    container.bind<OnOutboxCommit>(INFRA.OnOutboxCommit).toConstantValue((l) => outbox.onAppend(l));
    container.bind(TOKENS.UserRepository).toConstantValue(new MemoryUserRepository(outbox));
    container.bind(TOKENS.OrderRepository).toConstantValue(new MemoryOrderRepository(outbox));
    container.bind(TOKENS.ProcessedEventStore).toConstantValue(new MemoryProcessedEventStore());
    container.bind<HealthCheck[]>(TOKENS.HealthChecks).toConstantValue([]);
    container.bind<(() => void)[]>(INFRA.Closers).toConstantValue([]);
    return;
  }
  const db = new SqliteDatabase(join(config.dataDir, 'app.db'));
  container.bind(TOKENS.OutboxStore).toConstantValue(new SqliteOutbox(db));
  container.bind<OnOutboxCommit>(INFRA.OnOutboxCommit).toConstantValue((l) => db.onOutboxCommit(l));
  container.bind(TOKENS.UserRepository).toConstantValue(new SqliteUserRepository(db));
  container.bind(TOKENS.OrderRepository).toConstantValue(new SqliteOrderRepository(db));
  container.bind(TOKENS.ProcessedEventStore).toConstantValue(new SqliteProcessedEventStore(db));
  container.bind<HealthCheck[]>(TOKENS.HealthChecks).toConstantValue([new SqliteHealthCheck(db)]);
  container.bind<(() => void)[]>(INFRA.Closers).toConstantValue([() => db.close()]);
};

/**
 * The only place that knows which adapter backs which port. Domain services are
 * plain classes: inversify builds them from factories, no decorators needed.
 */
export const createContainer = (
  config: Pick<ServerConfig, 'store' | 'dataDir'>,
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
  bindStore(container, config);
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
  return container;
};
