import type { Clock } from '../../ports/clock.port';
import type { CsvReader } from '../../ports/csv-reader.port';
import type { IdGenerator } from '../../ports/id-generator.port';
import type { ImportStore } from '../../ports/import-store.port';
import type {
  InventoryFilter,
  InventoryRepository,
  StockEvents,
} from '../../ports/inventory-repository.port';
import type { ObjectBody, ObjectStore } from '../../ports/object-store.port';
import { EventFactory } from '../shared/event-factory';
import type { Page, PageRequest } from '../shared/pagination';
import { ImportFormatError, type ImportTally, importCsvRecords } from './csv-import';
import { type ImportRecord, importIdFor, sourceVersionOf } from './import-record';
import {
  ImportInProgressError,
  ImportNotFoundError,
  ImportSourceNotFoundError,
  StockNotFoundError,
} from './inventory-errors';
import { stockEventsFor } from './inventory-events';
import type { StockKey, StockLevel } from './stock-level';

/** Where uploads are kept; object-created triggers watch this prefix (S3 notification, blob path). */
export const INVENTORY_PREFIX = 'inventory/';
export const UPLOAD_PREFIX = `${INVENTORY_PREFIX}uploads/`;

export interface InventoryServiceOptions {
  /**
   * Rows per setMany call (one SQLite transaction; 25-item batches under it on DynamoDB;
   * per-partition transactions of up to 100 on Table Storage). 2,000 by default, not 500: a
   * store one network hop away pays round trips per call, and Table Storage groups a call's rows
   * by store, so a file whose rows cycle through many stores left a few rows in each partition
   * transaction and the per-call requests ruled. Bigger calls beat a second call in flight
   * (which gained little at this size and would need keys checked against the call before it to
   * keep the file's last row winning). Not larger: an embedded SQLite call holds the event loop
   * for its whole transaction, and SQLite and DynamoDB gain little past this size.
   */
  batchSize?: number;
  /** How often a running import saves its progress, so GET shows it and the lease stays fresh. */
  progressEveryMs?: number;
  /**
   * A `running` import not heard of for this long is taken to have died and may be taken over.
   * Progress is saved every second, so 2 minutes is a worker gone, not a slow batch; a trigger
   * redelivered sooner (Lambda retries after 1 and 3 minutes) meets ImportInProgressError first.
   */
  leaseMs?: number;
}

export interface ImportProgress extends ImportTally {
  id: string;
}

export class InventoryService {
  private readonly events: EventFactory;
  private readonly batchSize: number;
  private readonly progressEveryMs: number;
  private readonly leaseMs: number;

  constructor(
    private readonly stock: InventoryRepository,
    private readonly imports: ImportStore,
    private readonly objects: ObjectStore,
    private readonly csv: CsvReader,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    options: InventoryServiceOptions = {},
  ) {
    this.events = new EventFactory(ids, clock);
    this.batchSize = options.batchSize ?? 2000;
    this.progressEveryMs = options.progressEveryMs ?? 1000;
    this.leaseMs = options.leaseMs ?? 2 * 60_000;
  }

  async get(key: StockKey): Promise<StockLevel> {
    const level = await this.stock.find(key);
    if (!level) throw new StockNotFoundError(key);
    return level;
  }

  list(filter: InventoryFilter, page: PageRequest): Promise<Page<StockLevel>> {
    return this.stock.list(filter, page);
  }

  set(key: StockKey, count: number, expectedVersion?: number): Promise<StockLevel> {
    const at = this.now();
    return this.stock.set({ ...key, count }, at, this.eventsAt(at), expectedVersion);
  }

  /** With `once`, an idempotency key: a repeat of an adjustment with that key changes nothing. */
  adjust(key: StockKey, delta: number, once?: string): Promise<StockLevel> {
    const at = this.now();
    return this.stock.adjust(key, delta, at, this.eventsAt(at), once);
  }

  /** Every import, newest first. */
  listImports(page: PageRequest): Promise<Page<ImportRecord>> {
    return this.imports.list(page);
  }

  async getImport(id: string): Promise<ImportRecord> {
    const record = await this.imports.findById(id);
    if (!record) throw new ImportNotFoundError(id);
    return record;
  }

  /**
   * Keeps an uploaded CSV under inventory/uploads/ and records its import as queued. Whoever
   * watches that prefix runs it (the server at once, S3 and blob triggers on the clouds); the
   * import id is known now, so the caller can poll it.
   */
  async upload(body: ObjectBody): Promise<ImportRecord> {
    const key = `${UPLOAD_PREFIX}${this.ids.next()}.csv`;
    const info = await this.objects.put(key, body, { contentType: 'text/csv' });
    const record = this.newRecord(key, info.etag, 'queued');
    if (!(await this.imports.create(record))) return this.getImport(record.id);
    return record;
  }

  /**
   * Imports the current version of a CSV object: the one call every object-created trigger
   * makes. A version already imported is not applied again: its record is returned as it
   * stands. One being imported by a live worker throws ImportInProgressError (retry later); one
   * queued, failed or abandoned is taken over. A bad file ends as a `failed` record; a store
   * failure is recorded and rethrown, so the trigger's platform retries it.
   */
  async importObject(
    key: string,
    onProgress?: (progress: ImportProgress) => void,
  ): Promise<ImportRecord> {
    const info = await this.objects.head(key);
    if (!info) throw new ImportSourceNotFoundError(key);
    return this.importVersion(key, info.etag, onProgress);
  }

  private async importVersion(
    key: string,
    etag: string,
    onProgress?: (progress: ImportProgress) => void,
  ): Promise<ImportRecord> {
    let record = this.newRecord(key, etag, 'running');
    if (!(await this.imports.create(record))) {
      const claimed = await this.claim(record);
      if (!claimed.mine) return claimed.record;
      record = claimed.record;
    }
    return this.run(record, onProgress);
  }

  /**
   * Imports the objects an upload stored but no worker finished (a server that stopped while
   * one was queued or running): for each key, only when its import is queued, abandoned, or was
   * never recorded. Completed and failed imports are left as they are.
   */
  async resume(key: string): Promise<ImportRecord | null> {
    const info = await this.objects.head(key);
    if (!info) return null;
    const record = await this.imports.findById(importIdFor(key, info.etag));
    if (record && (record.status === 'completed' || record.status === 'failed')) return null;
    if (record && this.alive(record)) return null;
    return this.importVersion(key, info.etag);
  }

  private alive(record: ImportRecord): boolean {
    return (
      record.status === 'running' &&
      this.clock.now().getTime() - Date.parse(record.updatedAt) < this.leaseMs
    );
  }

  private async claim(fresh: ImportRecord): Promise<{ record: ImportRecord; mine: boolean }> {
    const existing = await this.getImport(fresh.id);
    if (existing.status === 'completed') return { record: existing, mine: false };
    if (this.alive(existing)) throw new ImportInProgressError(existing.id);
    // Queued by an upload, failed, or abandoned by a worker that died: this run takes it over.
    const record = { ...fresh, createdAt: existing.createdAt, version: existing.version + 1 };
    if (await this.imports.update(record, existing.version)) return { record, mine: true };
    // Another worker took it over first.
    const now = await this.getImport(fresh.id);
    if (now.status === 'completed') return { record: now, mine: false };
    throw new ImportInProgressError(now.id);
  }

  private async run(
    started: ImportRecord,
    onProgress?: (progress: ImportProgress) => void,
  ): Promise<ImportRecord> {
    let record = started;
    let savedAt = this.clock.now().getTime();
    const save = async (changes: Partial<ImportRecord>) => {
      const next = { ...record, ...changes, updatedAt: this.now(), version: record.version + 1 };
      if (!(await this.imports.update(next, record.version))) {
        throw new Error(`Import ${record.id} was taken over by another worker.`);
      }
      record = next;
    };
    const tallyOf = (tally: ImportTally) => ({ ...tally, rejected: [...tally.rejected] });
    try {
      const object = await this.objects.get(record.source);
      if (!object) throw new ImportSourceNotFoundError(record.source);
      const tally = await importCsvRecords(this.csv.records(object.body), {
        batchSize: this.batchSize,
        write: (rows) => {
          const at = this.now();
          return this.stock.setMany(rows, at, this.eventsAt(at));
        },
        progress: async (tally) => {
          onProgress?.({ id: record.id, ...tally });
          if (this.clock.now().getTime() - savedAt < this.progressEveryMs) return;
          savedAt = this.clock.now().getTime();
          await save(tallyOf(tally));
        },
      });
      await save({ ...tallyOf(tally), status: 'completed', finishedAt: this.now() });
      return record;
    } catch (error) {
      const failure =
        error instanceof ImportFormatError || error instanceof ImportSourceNotFoundError
          ? error.message
          : `The import stopped: ${error instanceof Error ? error.message : String(error)}`;
      await save({ status: 'failed', failure, finishedAt: this.now() }).catch(() => undefined);
      if (error instanceof ImportFormatError || error instanceof ImportSourceNotFoundError) {
        return record;
      }
      throw error;
    }
  }

  private newRecord(source: string, etag: string, status: 'queued' | 'running'): ImportRecord {
    const now = this.now();
    return {
      id: importIdFor(source, etag),
      source,
      sourceVersion: sourceVersionOf(etag),
      status,
      rowsRead: 0,
      rowsImported: 0,
      rowsRejected: 0,
      rejected: [],
      createdAt: now,
      startedAt: status === 'running' ? now : null,
      finishedAt: null,
      updatedAt: now,
      version: 1,
    };
  }

  private eventsAt(at: string): StockEvents {
    return (before, after) => this.events.stamp(stockEventsFor(before, after), at);
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}
