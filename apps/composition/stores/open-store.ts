import type { HealthCheck } from '../../../ports/health-check.port';
import type { ListBackfill } from '../../../ports/list-backfill.port';
import type { NotificationLog } from '../../../ports/notification-log.port';
import type { Notifier } from '../../../ports/notifier.port';
import type { OutboxStore } from '../../../ports/outbox.port';
import type { ProcessedEventStore } from '../../../ports/processed-event-store.port';
import type { StoreHousekeeping } from '../../../ports/store-housekeeping.port';
import type { AnyModule, DomainModule, StoreKind } from '../../modules/domain-module';

/** A record store opened for a list of modules: each module's repositories and the store's own parts. */
export interface OpenStore {
  kind: StoreKind;
  /** A module's repositories on this store (its slice's `create`). */
  storesOf(module: AnyModule): unknown;
  /** The reactions' dedupe marks. */
  processed: ProcessedEventStore;
  /**
   * The outbox a long-lived app relays, and how to hear of commits. Absent where the platform
   * itself delivers the events (DynamoDB Streams).
   */
  outbox?: { store: OutboxStore; onCommit(listener: () => void): void };
  /** Where the store keeps notifications it is asked to send (SQLite's table, memory). */
  notifications?: Notifier & NotificationLog;
  /** Purges its bookkeeping (marks, notifications) where it cannot expire them itself. */
  housekeeping?: StoreHousekeeping;
  /**
   * Lists the records stored before their list existed (`lists backfill`). Absent where a list
   * is read from the records themselves (SQLite's index, memory).
   */
  listBackfill?: ListBackfill;
  healthChecks: HealthCheck[];
  close(): Promise<void> | void;
}

/**
 * Each module's repositories, found by module (`stores[i]` are `modules[i]`'s): the fold that
 * replaces a hand-kept list of repositories per store.
 */
export const storesByModule = (
  modules: readonly AnyModule[],
  stores: readonly unknown[],
): OpenStore['storesOf'] => {
  const byName = new Map(modules.map((module, i) => [module.name, stores[i]]));
  return (module) => {
    if (!byName.has(module.name)) throw new Error(`Module ${module.name} has no stores here`);
    return byName.get(module.name);
  };
};

/** A module's repositories on an open store, typed by the module. */
export const storesOf = <S>(
  store: Pick<OpenStore, 'storesOf'>,
  module: DomainModule<S, unknown, never>,
): S => store.storesOf(module as AnyModule) as S;
