import type { ImportRecord } from '../../domain/inventory/import-record';
import type { Page, PageRequest } from '../../domain/shared/pagination';
import type { ImportStore } from '../../ports/import-store.port';
import { pageNewestFirst } from './key-page';

export class MemoryImportStore implements ImportStore {
  private readonly records = new Map<string, ImportRecord>();

  async create(record: ImportRecord): Promise<boolean> {
    if (this.records.has(record.id)) return false;
    this.records.set(record.id, structuredClone(record));
    return true;
  }

  async update(record: ImportRecord, expectedVersion: number): Promise<boolean> {
    if (this.records.get(record.id)?.version !== expectedVersion) return false;
    this.records.set(record.id, structuredClone(record));
    return true;
  }

  async findById(id: string): Promise<ImportRecord | null> {
    const record = this.records.get(id);
    return record ? structuredClone(record) : null;
  }

  async list(page: PageRequest): Promise<Page<ImportRecord>> {
    return structuredClone(pageNewestFirst(this.records.values(), page));
  }
}
