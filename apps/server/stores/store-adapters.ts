import type { HealthCheck } from '../../../ports/health-check.port';
import type { ImportStore } from '../../../ports/import-store.port';
import type { InventoryRepository } from '../../../ports/inventory-repository.port';
import type { NotificationLog } from '../../../ports/notification-log.port';
import type { Notifier } from '../../../ports/notifier.port';
import type { OrderRepository } from '../../../ports/order-repository.port';
import type { OutboxStore } from '../../../ports/outbox.port';
import type { ProcessedEventStore } from '../../../ports/processed-event-store.port';
import type { UserRepository } from '../../../ports/user-repository.port';

/** What a record store gives the server: the repositories and how its events leave. */
export interface StoreAdapters {
  users: UserRepository;
  orders: OrderRepository;
  inventory: InventoryRepository;
  imports: ImportStore;
  /** Where the store keeps notifications (SQLite's table); in memory for the others. */
  notifications?: Notifier & NotificationLog;
  processed: ProcessedEventStore;
  /**
   * The outbox the server relays to its in-process bus, and how to hear of commits.
   * Absent where the platform itself delivers the events (DynamoDB Streams).
   */
  outbox?: { store: OutboxStore; onCommit(listener: () => void): void };
  healthChecks: HealthCheck[];
  close(): Promise<void> | void;
}

export interface StoreContext {
  dataDir: string;
  /** The process environment, for store-specific settings (table names, endpoints). */
  env: Record<string, string | undefined>;
}

export type StoreFactory = (context: StoreContext) => Promise<StoreAdapters> | StoreAdapters;
