import { odata, type TableEntityResult } from '@azure/data-tables';
import { type DomainEvent, domainEventSchema } from '../../../domain/shared/domain-event';
import { readStoredJson } from '../../../domain/shared/stored-record';
import type { OutboxEntry, OutboxStore } from '../../../ports/outbox.port';
import { isStatus } from '../storage-errors';
import { OUTBOX_ROW_PREFIX, outboxRow, prefixEnd } from './table-keys';
import { queryAll } from './table-page';
import type { TableStore } from './table-store';

type Row = TableEntityResult<Record<string, unknown>>;

/** Query results always carry their keys; the SDK types them as optional. */
const partitionOf = (row: Row): string => row.partitionKey as string;

export interface TableOutboxOptions {
  /** How often `due` also scans every partition, for events no write of this process hinted at. */
  sweepIntervalMs?: number;
}

const ROWS = odata`RowKey gt ${OUTBOX_ROW_PREFIX} and RowKey lt ${prefixEnd(OUTBOX_ROW_PREFIX)}`;
const PENDING = `${ROWS} and state eq 'pending'`;

/**
 * The outbox entities of the records table, for the relay. They live in the partition of
 * the aggregate they belong to (that is what makes them atomic with the change), so finding
 * them means either reading the partitions this process just wrote (the hint the store keeps:
 * one partition query each, the usual path) or a sweep over every partition (a table scan
 * restricted by RowKey: on start, every `sweepIntervalMs`, or when asked, which is how
 * events left by a crashed instance are recovered). Delivered entities are deleted, so only
 * work to do and dead letters remain.
 */
export class TableOutbox implements OutboxStore {
  private readonly sweepIntervalMs: number;
  private lastSweep: number | undefined;
  /** Where the entries handed out by `due` live, for marking them. */
  private readonly known = new Map<string, { partitionKey: string; attempts: number }>();

  constructor(
    private readonly store: TableStore,
    options: TableOutboxOptions = {},
  ) {
    this.sweepIntervalMs = options.sweepIntervalMs ?? 60_000;
  }

  /** Makes the next `due` scan every partition (a timer trigger's recovery pass). */
  requestSweep(): void {
    this.lastSweep = undefined;
  }

  async due(limit: number, now: Date): Promise<OutboxEntry[]> {
    const rows = await this.pendingRows();
    const at = now.toISOString();
    const due = rows
      .filter((row) => (row.nextAttemptAt as string) <= at)
      .sort((a, b) => ((a.eventId as string) < (b.eventId as string) ? -1 : 1))
      .slice(0, limit);
    return due.map((row) => {
      const attempts = row.attempts as number;
      this.known.set(row.eventId as string, { partitionKey: partitionOf(row), attempts });
      const event = readStoredJson(domainEventSchema, String(row.event), 'outbox event');
      return { event: event as DomainEvent, attempts };
    });
  }

  async markDelivered(eventIds: readonly string[]): Promise<void> {
    await Promise.all(
      eventIds.map(async (id) => {
        const partitionKey = await this.partitionOf(id);
        this.known.delete(id);
        if (partitionKey === undefined) return;
        try {
          await this.store.records.deleteEntity(partitionKey, outboxRow(id));
        } catch (error) {
          // Another instance delivered it too (at-least-once): already gone is fine.
          if (!isStatus(error, 404)) throw error;
        }
      }),
    );
  }

  async markFailed(eventId: string, error: string, retryAt: Date | null): Promise<void> {
    const partitionKey = await this.partitionOf(eventId);
    if (partitionKey === undefined) return;
    const attempts = (this.known.get(eventId)?.attempts ?? 0) + 1;
    this.known.delete(eventId);
    try {
      await this.store.records.updateEntity(
        {
          partitionKey,
          rowKey: outboxRow(eventId),
          attempts,
          // Property values are capped at 64 KiB; the first part of a message is the useful one.
          lastError: error.slice(0, 2000),
          state: retryAt ? 'pending' : 'dead',
          nextAttemptAt: (retryAt ?? new Date(0)).toISOString(),
        },
        'Merge',
      );
    } catch (failure) {
      if (!isStatus(failure, 404)) throw failure;
    }
  }

  async pendingCount(): Promise<number> {
    return (await queryAll(this.store.records, PENDING, ['PartitionKey'])).length;
  }

  private async pendingRows(): Promise<Row[]> {
    if (this.lastSweep === undefined || Date.now() - this.lastSweep >= this.sweepIntervalMs) {
      this.lastSweep = Date.now();
      const rows = await queryAll(this.store.records, PENDING);
      // Partitions with work left stay hinted, so retries do not wait for the next sweep.
      for (const partitionKey of new Set(rows.map(partitionOf))) {
        this.store.markDirty(partitionKey);
      }
      return rows;
    }
    const perPartition = await Promise.all(
      this.store.dirtyPartitions().map(async ([partitionKey, generation]) => {
        const rows = await queryAll(
          this.store.records,
          `${odata`PartitionKey eq ${partitionKey}`} and ${PENDING}`,
        );
        if (rows.length === 0) this.store.markClean(partitionKey, generation);
        return rows;
      }),
    );
    return perPartition.flat();
  }

  private async partitionOf(eventId: string): Promise<string | undefined> {
    const known = this.known.get(eventId);
    if (known) return known.partitionKey;
    const rows = await queryAll(this.store.records, odata`RowKey eq ${outboxRow(eventId)}`, [
      'PartitionKey',
    ]);
    return rows[0] && partitionOf(rows[0]);
  }
}
