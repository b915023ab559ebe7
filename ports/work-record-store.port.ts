import type { DomainEvent } from '../domain/shared/domain-event';
import type { Page, PageRequest } from '../domain/shared/pagination';
import type { WorkRecord } from '../domain/shared/work-record';

/**
 * Records of work on object versions (images, documents), written conditionally so two workers
 * never run one. A write's events commit with it (the outbox) or, on DynamoDB, leave through
 * the table's stream, which derives the same events from the item's images.
 */
export interface WorkRecordStore<R extends WorkRecord> {
  /** Stores a new record; false (nothing written) when one with its id exists. */
  create(record: R, events: readonly DomainEvent[]): Promise<boolean>;
  /** Replaces the record if its stored version is `expectedVersion`; false otherwise. */
  update(record: R, expectedVersion: number, events: readonly DomainEvent[]): Promise<boolean>;
  findById(id: string): Promise<R | null>;
  /** Every record by id (ids hash the source, so the order is stable but not by time). */
  list(page: PageRequest): Promise<Page<R>>;
}
