import type { ApiKeyRecord } from '../domain/access/api-key';

/** API keys in the record store, so a key made once works on every instance and door. */
export interface ApiKeyStore {
  /** Stores a new key; false (nothing written) when its id is taken. */
  create(record: ApiKeyRecord): Promise<boolean>;
  findById(id: string): Promise<ApiKeyRecord | null>;
  /** Every key, revoked ones included, by id. */
  list(): Promise<ApiKeyRecord[]>;
  /** Marks the key revoked at `at`; false when there is no such key. Revoking twice keeps the first time. */
  revoke(id: string, at: string): Promise<boolean>;
}
