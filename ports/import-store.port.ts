import type { ImportRecord } from '../domain/inventory/import-record';
import type { Page, PageRequest } from '../domain/shared/pagination';

/** Import records, written conditionally so two workers never run one import. */
export interface ImportStore {
  /** Stores a new record; false (nothing written) when one with its id exists. */
  create(record: ImportRecord): Promise<boolean>;
  /** Replaces the record if its stored version is `expectedVersion`; false otherwise. */
  update(record: ImportRecord, expectedVersion: number): Promise<boolean>;
  findById(id: string): Promise<ImportRecord | null>;
  /** Every record, newest first (domain/shared/newest-first.ts), a page at a time. */
  list(page: PageRequest): Promise<Page<ImportRecord>>;
}
