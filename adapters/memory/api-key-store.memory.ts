import type { ApiKeyRecord } from '../../domain/access/api-key';
import type { ApiKeyStore } from '../../ports/api-key-store.port';

export class MemoryApiKeyStore implements ApiKeyStore {
  private readonly keys = new Map<string, ApiKeyRecord>();

  async create(record: ApiKeyRecord): Promise<boolean> {
    if (this.keys.has(record.id)) return false;
    this.keys.set(record.id, { ...record });
    return true;
  }

  async findById(id: string): Promise<ApiKeyRecord | null> {
    const record = this.keys.get(id);
    return record ? { ...record } : null;
  }

  async list(): Promise<ApiKeyRecord[]> {
    return [...this.keys.values()]
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((record) => ({ ...record }));
  }

  async revoke(id: string, at: string): Promise<boolean> {
    const record = this.keys.get(id);
    if (!record) return false;
    record.revokedAt ??= at;
    return true;
  }
}
