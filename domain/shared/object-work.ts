import type { Clock } from '../../ports/clock.port';
import type { IdGenerator } from '../../ports/id-generator.port';
import type { ObjectInfo, ObjectStore } from '../../ports/object-store.port';
import type { WorkRecordStore } from '../../ports/work-record-store.port';
import type { DomainError } from './domain-error';
import type { EventDraft } from './domain-event';
import { EventFactory } from './event-factory';
import { objectVersionId, sourceVersionOf } from './object-version';
import type { Page, PageRequest } from './pagination';
import type { WorkRecord } from './work-record';

export interface ObjectWorkRules<R extends WorkRecord> {
  /** A new record: the shared fields given, the domain's own set to "not known yet". */
  blank(base: WorkRecord): R;
  /** The events a change of record means (also run on DynamoDB stream images). */
  eventsFor(before: R | null, after: R): EventDraft[];
  /** A failure of the input itself: recorded as `failed` with its code, never retried. */
  isInputError(error: unknown): error is DomainError;
  notFound(id: string): DomainError;
  sourceNotFound(key: string): DomainError;
  /**
   * A `processing` record not heard of for this long is taken to have died and may be taken
   * over; a trigger redelivered sooner meets WorkInProgressError (retry later).
   */
  leaseMs?: number;
}

/**
 * Another worker is processing this object version and its lease is live. Not a DomainError: a
 * trigger rethrows it so its platform redelivers the event once the work is done or abandoned.
 */
export class WorkInProgressError extends Error {
  override readonly name = 'WorkInProgressError';

  constructor(readonly recordId: string) {
    super(`${recordId} is being processed elsewhere; retry after its lease ends.`);
  }
}

/**
 * Work done once per object version (an image's variants, a document's summary), whichever
 * trigger asks: the record's id is the version's (key + ETag), created conditionally, so an
 * upload, its object-created event and every redelivery name one record and only one worker
 * does the work. A failure of the input ends as a `failed` record (final); any other failure
 * puts it back to `queued` and is thrown, so the platform retries.
 */
export class ObjectWork<R extends WorkRecord> {
  private readonly events: EventFactory;
  private readonly leaseMs: number;

  constructor(
    private readonly records: WorkRecordStore<R>,
    private readonly objects: ObjectStore,
    private readonly clock: Clock,
    ids: IdGenerator,
    private readonly rules: ObjectWorkRules<R>,
  ) {
    this.events = new EventFactory(ids, clock);
    this.leaseMs = rules.leaseMs ?? 2 * 60_000;
  }

  async get(id: string): Promise<R> {
    const record = await this.records.findById(id);
    if (!record) throw this.rules.notFound(id);
    return record;
  }

  list(page: PageRequest): Promise<Page<R>> {
    return this.records.list(page);
  }

  /** Records a stored object as queued (an upload); the existing record if there is one. */
  async queue(info: ObjectInfo): Promise<R> {
    const record = this.newRecord(info.key, info.etag, 'queued');
    if (await this.records.create(record, [])) return record;
    return this.get(record.id);
  }

  /** Does `work` on the current version of `key` unless it is done, failed, or in hand. */
  async run(key: string, work: (record: R, info: ObjectInfo) => Promise<Partial<R>>): Promise<R> {
    const info = await this.objects.head(key);
    if (!info) throw this.rules.sourceNotFound(key);
    return this.runVersion(info, work);
  }

  /**
   * At start, for what a stopped server left: runs the work only when the record is queued,
   * abandoned, or missing. Null when there was nothing to do.
   */
  async resume(
    key: string,
    work: (record: R, info: ObjectInfo) => Promise<Partial<R>>,
  ): Promise<R | null> {
    const info = await this.objects.head(key);
    if (!info) return null;
    const record = await this.records.findById(objectVersionId(key, info.etag));
    if (record && (record.status === 'done' || record.status === 'failed')) return null;
    if (record && this.alive(record)) return null;
    return this.runVersion(info, work);
  }

  private async runVersion(
    info: ObjectInfo,
    work: (record: R, info: ObjectInfo) => Promise<Partial<R>>,
  ): Promise<R> {
    let record = this.newRecord(info.key, info.etag, 'processing');
    if (!(await this.records.create(record, []))) {
      const existing = await this.get(record.id);
      if (existing.status === 'done' || existing.status === 'failed') return existing;
      if (this.alive(existing)) throw new WorkInProgressError(existing.id);
      // Queued by an upload, put back after a failure of ours, or abandoned: this run takes it.
      const claimed = {
        ...existing,
        status: 'processing' as const,
        startedAt: this.now(),
        updatedAt: this.now(),
        version: existing.version + 1,
      };
      if (!(await this.save(existing, claimed))) throw new WorkInProgressError(existing.id);
      record = claimed;
    }
    try {
      const result = await work(record, info);
      return await this.finish(record, { ...result, status: 'done', failure: undefined });
    } catch (error) {
      if (this.rules.isInputError(error)) {
        const failure = { code: error.code, message: error.message };
        return this.finish(record, { status: 'failed', failure } as Partial<R>);
      }
      const message = error instanceof Error ? error.message : String(error);
      await this.finish(record, {
        status: 'queued',
        failure: { code: 'INTERNAL', message: `The last attempt stopped: ${message}` },
        finishedAt: null,
      } as Partial<R>).catch(() => undefined);
      throw error;
    }
  }

  private async finish(before: R, changes: Partial<R>): Promise<R> {
    const after = {
      ...before,
      finishedAt: this.now(),
      ...changes,
      updatedAt: this.now(),
      version: before.version + 1,
    } as R;
    if (!(await this.save(before, after))) {
      throw new Error(`${before.id} was taken over by another worker.`);
    }
    return after;
  }

  private save(before: R, after: R): Promise<boolean> {
    const at = this.now();
    return this.records.update(
      after,
      before.version,
      this.events.stamp(this.rules.eventsFor(before, after), at),
    );
  }

  private alive(record: R): boolean {
    return (
      record.status === 'processing' &&
      this.clock.now().getTime() - Date.parse(record.updatedAt) < this.leaseMs
    );
  }

  private newRecord(source: string, etag: string, status: 'queued' | 'processing'): R {
    const now = this.now();
    return this.rules.blank({
      id: objectVersionId(source, etag),
      source,
      sourceVersion: sourceVersionOf(etag),
      status,
      createdAt: now,
      startedAt: status === 'processing' ? now : null,
      finishedAt: null,
      updatedAt: now,
      version: 1,
    });
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}
