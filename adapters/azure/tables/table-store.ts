import {
  TableClient,
  type TableEntity,
  type TableEntityResult,
  type TransactionAction,
} from '@azure/data-tables';
import type { DomainEvent } from '../../../domain/shared/domain-event';
import { resolveConnectionString, usesPlainHttp } from '../storage-connection';
import { isStatus } from '../storage-errors';
import { outboxRow } from './table-keys';

export interface TableStoreOptions {
  /** A storage account connection string; `UseDevelopmentStorage=true` means local Azurite. */
  connectionString: string;
  /** Tables are `<prefix>records` and `<prefix>processed`: several apps can share an account. */
  tablePrefix: string;
}

/** A batch is one partition, at most 100 operations (Table service limit). */
const MAX_BATCH = 100;
/** The earliest time: a new outbox entity is due at once. */
export const DUE_AT_ONCE = '1970-01-01T00:00:00.000Z';

export const outboxEntity = (partitionKey: string, event: DomainEvent): TableEntity => ({
  partitionKey,
  rowKey: outboxRow(event.id),
  kind: 'outbox',
  eventId: event.id,
  type: event.type,
  event: JSON.stringify(event),
  state: 'pending',
  attempts: 0,
  nextAttemptAt: DUE_AT_ONCE,
});

/**
 * The Table Storage side of the app: the records table (users, email guards, orders, stock
 * levels, imports and the outbox entities of their changes) and the consumers' processed-event
 * marks. Like the SQLite store, a
 * change and its events go through `transact`, one entity-group transaction, so they commit
 * together or not at all; listeners (the relay) hear of it after the commit, and the
 * partition is remembered so the relay can look there first instead of scanning.
 */
export class TableStore {
  readonly records: TableClient;
  readonly processed: TableClient;
  /** The account's, for the other storage services beside the tables (a module's queue). */
  readonly connectionString: string;
  private readonly listeners = new Set<() => void>();
  /** Partitions written with events since the relay last found them empty: partition -> generation. */
  private readonly dirty = new Map<string, number>();
  private generation = 0;

  constructor(options: TableStoreOptions) {
    const connectionString = resolveConnectionString(options.connectionString);
    this.connectionString = connectionString;
    const clientOptions = { allowInsecureConnection: usesPlainHttp(connectionString) };
    const client = (name: string) =>
      TableClient.fromConnectionString(connectionString, name, clientOptions);
    this.records = client(`${options.tablePrefix}records`);
    this.processed = client(`${options.tablePrefix}processed`);
  }

  /** Creates the tables when missing (the SDK treats "already exists" as success). */
  async ensureTables(): Promise<void> {
    await Promise.all([this.records.createTable(), this.processed.createTable()]);
  }

  /** One entity of the records table by its keys; null when there is none (a 404). */
  async read(
    partitionKey: string,
    rowKey: string,
  ): Promise<TableEntityResult<Record<string, unknown>> | null> {
    try {
      return await this.records.getEntity<Record<string, unknown>>(partitionKey, rowKey);
    } catch (error) {
      if (isStatus(error, 404)) return null;
      throw error;
    }
  }

  async transact(
    partitionKey: string,
    actions: readonly TransactionAction[],
    events: readonly DomainEvent[],
  ): Promise<void> {
    const all: TransactionAction[] = [
      ...actions,
      ...events.map((event): TransactionAction => ['create', outboxEntity(partitionKey, event)]),
    ];
    if (all.length > MAX_BATCH) {
      throw new Error(`A change may write at most ${MAX_BATCH} entities (got ${all.length})`);
    }
    await this.records.submitTransaction(all);
    if (events.length === 0) return;
    this.generation += 1;
    this.dirty.set(partitionKey, this.generation);
    for (const listener of this.listeners) listener();
  }

  onCommit(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Partitions that may hold undelivered events written by this process, with their generation. */
  dirtyPartitions(): [partitionKey: string, generation: number][] {
    return [...this.dirty];
  }

  markDirty(partitionKey: string): void {
    this.generation += 1;
    this.dirty.set(partitionKey, this.generation);
  }

  /** Forgets a partition found empty, unless it was written again since `generation`. */
  markClean(partitionKey: string, generation: number): void {
    if (this.dirty.get(partitionKey) === generation) this.dirty.delete(partitionKey);
  }
}
