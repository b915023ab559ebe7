import { Container } from 'inversify';
import { SystemClock } from '../../adapters/local/clock.system';
import { UuidV7IdGenerator } from '../../adapters/local/id-generator.uuidv7';
import type { Clock } from '../../ports/clock.port';
import type { IdGenerator } from '../../ports/id-generator.port';
import type { Logger } from '../../ports/logger.port';
import type { NotificationLog } from '../../ports/notification-log.port';
import type { Notifier } from '../../ports/notifier.port';
import type { ObjectStore } from '../../ports/object-store.port';
import type { OutboxRedrive } from '../../ports/outbox-redrive.port';
import { TOKENS } from '../../ports/tokens';
import { type ComposedApp, composeModules } from '../composition/compose-modules';
import type { OpenStore } from '../composition/stores/open-store';
import type { AnyModule, DomainModule, RouteContext } from '../modules/domain-module';

/** What only the server's composition root handles. */
export const APP = {
  Store: Symbol.for('OpenStore'),
  Composed: Symbol.for('ComposedApp'),
} as const;

/** A module's services, by module: `container.get(moduleToken(inventoryModule))`. */
export const moduleToken = (module: Pick<AnyModule, 'name'>): symbol =>
  Symbol.for(`module:${module.name}`);

export interface ContainerOptions {
  clock?: Clock;
  ids?: IdGenerator;
  /** Per module name: what the app sets for it (`{ inventory: { batchSize: 10 } }`). */
  moduleOptions?: Readonly<Record<string, unknown>>;
}

export interface ContainerParts {
  modules: readonly AnyModule[];
  store: OpenStore;
  objects: ObjectStore;
  notifier: Notifier & NotificationLog;
  logger: Logger;
  routes: RouteContext;
  /** The relay's delivery pass, for the jobs (absent when the store has no outbox). */
  outbox?: OutboxRedrive | undefined;
}

/**
 * The server's container (and so the CLI's): the one place that says which adapter backs which
 * port, each bound once, and the modules composed from them (composeModules, as every app does).
 * Tests and the CLI look parts up by token; domain services are plain classes, built by their
 * modules with no decorators. The functions do without it: see the README's Lambda figures.
 */
export const createContainer = (parts: ContainerParts, options: ContainerOptions = {}) => {
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind<Logger>(TOKENS.Logger).toConstantValue(parts.logger);
  container.bind<Clock>(TOKENS.Clock).toConstantValue(options.clock ?? new SystemClock());
  container
    .bind<IdGenerator>(TOKENS.IdGenerator)
    .toConstantValue(options.ids ?? new UuidV7IdGenerator());
  container.bind<ObjectStore>(TOKENS.ObjectStore).toConstantValue(parts.objects);
  container.bind<Notifier>(TOKENS.Notifier).toConstantValue(parts.notifier);
  container.bind<NotificationLog>(TOKENS.NotificationLog).toConstantValue(parts.notifier);
  container.bind(TOKENS.ProcessedEventStore).toConstantValue(parts.store.processed);
  container.bind(APP.Store).toConstantValue(parts.store);
  container.bind<ComposedApp>(APP.Composed).toResolvedValue(
    (clock: Clock, ids: IdGenerator, logger: Logger, objects: ObjectStore, notifier: Notifier) =>
      composeModules(
        parts.modules,
        {
          clock,
          ids,
          logger,
          objects,
          notifier,
          housekeeping: parts.store.housekeeping,
          outbox: parts.outbox,
        },
        {
          storesOf: (module) => parts.store.storesOf(module),
          options: options.moduleOptions ?? {},
          routes: parts.routes,
        },
      ),
    [TOKENS.Clock, TOKENS.IdGenerator, TOKENS.Logger, TOKENS.ObjectStore, TOKENS.Notifier],
  );
  for (const module of parts.modules) {
    container
      .bind(moduleToken(module))
      .toResolvedValue(
        (app: ComposedApp) => app.services(module as DomainModule<unknown, unknown, never>),
        [APP.Composed],
      );
  }
  return container;
};
