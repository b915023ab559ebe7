import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKeyStore } from '../../ports/api-key-store.port';
import type { Clock } from '../../ports/clock.port';
import { ValidationError } from '../shared/domain-error';
import type { ApiKeyRecord, Role } from './api-key';

/** `ak_<12 id chars>_<43 secret chars>`: 256 random bits behind a public id. */
const KEY = /^ak_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

const sha256 = (text: string) => createHash('sha256').update(text).digest();

const newId = () => {
  const bytes = randomBytes(12);
  let id = '';
  for (const byte of bytes) id += ID_ALPHABET[byte % ID_ALPHABET.length];
  return id;
};

export interface CreatedKey {
  record: ApiKeyRecord;
  /** The key itself: shown once, never stored. */
  key: string;
}

/** Who a valid API key speaks for. */
export interface KeyHolder {
  keyId: string;
  name: string;
  role: Role;
}

export class ApiKeyService {
  constructor(
    private readonly keys: ApiKeyStore,
    private readonly clock: Clock,
  ) {}

  async create(name: string, role: Role): Promise<CreatedKey> {
    const trimmed = name.trim();
    if (trimmed.length < 1 || trimmed.length > 100) {
      throw new ValidationError([{ path: 'name', message: 'A name is 1-100 characters' }]);
    }
    for (;;) {
      const id = newId();
      const key = `ak_${id}_${randomBytes(32).toString('base64url')}`;
      const record: ApiKeyRecord = {
        id,
        name: trimmed,
        role,
        hash: sha256(key).toString('hex'),
        createdAt: this.clock.now().toISOString(),
        revokedAt: null,
      };
      // 36^12 ids: a clash is next to impossible, but never overwrite a key.
      if (await this.keys.create(record)) return { record, key };
    }
  }

  list(): Promise<ApiKeyRecord[]> {
    return this.keys.list();
  }

  revoke(id: string): Promise<boolean> {
    return this.keys.revoke(id, this.clock.now().toISOString());
  }

  /**
   * The holder of `key`, or undefined for a key that is malformed, unknown or revoked. The hash
   * is compared in constant time, so response times say nothing about how much of it matched.
   */
  async verify(key: string): Promise<KeyHolder | undefined> {
    const match = KEY.exec(key);
    if (!match) return undefined;
    const record = await this.keys.findById(match[1]!);
    if (!record || record.revokedAt !== null) return undefined;
    const stored = Buffer.from(record.hash, 'hex');
    if (!timingSafeEqual(stored, sha256(key))) return undefined;
    return { keyId: record.id, name: record.name, role: record.role };
  }
}
