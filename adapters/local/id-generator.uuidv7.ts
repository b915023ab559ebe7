import { v7 } from 'uuid';
import type { IdGenerator } from '../../ports/id-generator.port';

/** UUIDv7: time-ordered (RFC 9562), so ids sort by creation and make stable cursors. */
export class UuidV7IdGenerator implements IdGenerator {
  next(): string {
    return v7();
  }
}
