import { Container } from 'inversify';
import { SystemClock } from '../../adapters/local/clock.system';
import { InProcessEventBus } from '../../adapters/local/event-bus.in-process';
import { UuidV7IdGenerator } from '../../adapters/local/id-generator.uuidv7';
import { OrderService } from '../../domain/orders/order-service';
import { UserService } from '../../domain/users/user-service';
import type { Clock } from '../../ports/clock.port';
import type { IdGenerator } from '../../ports/id-generator.port';
import type { Logger } from '../../ports/logger.port';
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
}

/**
 * The only place that knows which adapter backs which port. Domain services are
 * plain classes: inversify builds them from factories, no decorators needed.
 */
export const createContainer = (
  store: StoreAdapters,
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
  return container;
};
