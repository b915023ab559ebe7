import type { DomainEvent } from '../../domain/shared/domain-event';
import type { Page, PageRequest } from '../../domain/shared/pagination';
import type { WorkRecord } from '../../domain/shared/work-record';
import type { WorkRecordStore } from '../../ports/work-record-store.port';
import { pageByKey } from './key-page';
import type { MemoryOutbox } from './outbox.memory';

/** Work records in a Map; a write and its events are one synchronous step, so atomic. */
export class MemoryWorkRecordStore<R extends WorkRecord> implements WorkRecordStore<R> {
  private readonly records = new Map<string, R>();

  constructor(private readonly outbox: MemoryOutbox) {}

  async create(record: R, events: readonly DomainEvent[]): Promise<boolean> {
    if (this.records.has(record.id)) return false;
    this.write(record, events);
    return true;
  }

  async update(
    record: R,
    expectedVersion: number,
    events: readonly DomainEvent[],
  ): Promise<boolean> {
    if (this.records.get(record.id)?.version !== expectedVersion) return false;
    this.write(record, events);
    return true;
  }

  async findById(id: string): Promise<R | null> {
    const record = this.records.get(id);
    return record ? structuredClone(record) : null;
  }

  async list(page: PageRequest): Promise<Page<R>> {
    const sorted = [...this.records.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
    const found = pageByKey(sorted, page);
    return { ...found, items: found.items.map((record) => structuredClone(record)) };
  }

  private write(record: R, events: readonly DomainEvent[]): void {
    // Through JSON, as every other store keeps it: an `undefined` field is no field.
    this.records.set(record.id, JSON.parse(JSON.stringify(record)));
    this.outbox.append(events);
  }
}
