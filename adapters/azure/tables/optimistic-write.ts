import { randomUUID } from 'node:crypto';
import type { TableEntity, TableEntityResult, TransactionAction } from '@azure/data-tables';
import type { DomainEvent } from '../../../domain/shared/domain-event';
import { isStatus } from '../storage-errors';
import type { TableStore } from './table-store';

export type Row = TableEntityResult<Record<string, unknown>>;

/**
 * Optimistic rounds before giving up. A round is lost only when another writer committed,
 * so even 50 writers racing on one entity finish well within this; it bounds a livelock, not
 * ordinary contention.
 */
export const MAX_ROUNDS = 200;
const BACKOFF_BASE_MS = 4;
const BACKOFF_CAP_MS = 250;

/** "Full jitter" (AWS Architecture Blog, Exponential Backoff And Jitter): spreads racers apart. */
export const backoff = (round: number) =>
  new Promise((resolve) =>
    setTimeout(resolve, Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** round)),
  );

export const contended = (what: string) =>
  new Error(`Gave up writing ${what} after ${MAX_ROUNDS} conflicting rounds`);

/** What a lost race looks like: created meanwhile (409), changed (412) or deleted (404). */
export const isConflict = (error: unknown) => isStatus(error, 404, 409, 412);

/** A create, or a replace conditional on the ETag read: a concurrent write makes it fail. */
export const writeOf = (current: Row | null, entity: TableEntity): TransactionAction =>
  current ? ['update', entity, 'Replace', { etag: current.etag }] : ['create', entity];

export interface ReadDecideWrite<T> {
  /** What a stored entity holds (null: none). */
  read(row: Row | null): T | null;
  /**
   * The domain's decision: the next value, or `before` itself to write nothing; may throw.
   * `applied`: whether the `once` marker exists (false without one).
   */
  decide(before: T | null, applied: boolean): T;
  /** The entity of `after`, carrying `writeId` so a lost reply can be recognised. */
  entity(after: T, writeId: string): TableEntity;
  events(before: T | null, after: T): readonly DomainEvent[];
  /**
   * An idempotency marker of the same partition: read with the value, and created in the
   * batch of the change, so it exists if and only if the change was made.
   */
  once?: { rowKey: string; entity: TableEntity };
}

/**
 * Read, decide, write on the ETag read; a lost race reads again after a jittered backoff.
 * Table Storage has no atomic increment or compare on a property, so this is what keeps a
 * read-modify-write from losing an update. Each attempt stamps the entity with a fresh
 * `writeId`: the SDK retries a request whose answer timed out, and when the first try had
 * committed, the retry fails on the ETag it changed, so finding our own `writeId` on
 * re-reading means the write is done (applying an adjustment twice is not).
 */
export const readDecideWrite = async <T>(
  store: TableStore,
  partitionKey: string,
  rowKey: string,
  step: ReadDecideWrite<T>,
): Promise<T> => {
  let attempt: { writeId: string; after: T } | undefined;
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    if (round > 0) await backoff(round);
    const current = await store.read(partitionKey, rowKey);
    if (attempt && current?.writeId === attempt.writeId) return attempt.after;
    const applied = step.once ? (await store.read(partitionKey, step.once.rowKey)) !== null : false;
    const before = step.read(current);
    const after = step.decide(before, applied); // throws the domain's refusal, with nothing written
    if (after === before) return after;
    attempt = { writeId: randomUUID(), after };
    const marker: TransactionAction[] = step.once ? [['create', step.once.entity]] : [];
    try {
      await store.transact(
        partitionKey,
        [writeOf(current, step.entity(after, attempt.writeId)), ...marker],
        step.events(before, after),
      );
      return after;
    } catch (error) {
      if (!isConflict(error)) throw error;
    }
  }
  throw contended(`${rowKey} in ${partitionKey}`);
};
