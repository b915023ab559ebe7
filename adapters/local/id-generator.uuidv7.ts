import { v7 } from 'uuid';
import type { IdGenerator } from '../../ports/id-generator.port';

/** How many ids' worth of random bytes one call to the system's CSPRNG fills. */
const IDS_PER_RANDOM_FILL = 256;
const RANDOM_BYTES_PER_ID = 16;

/**
 * UUIDv7: time-ordered (RFC 9562), so ids sort by creation and make stable cursors.
 *
 * uuid's own `v7()` asks the CSPRNG for 16 bytes per id, and that call dominates id
 * generation on a busy write path. Here one fill serves many ids, and the
 * millisecond/sequence state that keeps ids monotonic within a millisecond is kept
 * as uuid keeps it (RFC 9562 §6.2, method 1: a counter seeded at random each new
 * millisecond), because passing `random` to `v7()` bypasses uuid's own state.
 */
export class UuidV7IdGenerator implements IdGenerator {
  private readonly pool = new Uint8Array(IDS_PER_RANDOM_FILL * RANDOM_BYTES_PER_ID);
  private used = this.pool.length;
  private msecs = Number.NEGATIVE_INFINITY;
  private seq = 0;

  next(): string {
    const random = this.takeRandom();
    const now = Date.now();
    if (now > this.msecs) {
      this.msecs = now;
      this.seq = randomSequence(random);
    } else {
      this.seq = (this.seq + 1) | 0;
      // The 31-bit counter wrapped: borrow the next millisecond, as uuid does.
      if (this.seq === 0) this.msecs++;
    }
    return v7({ random, msecs: this.msecs, seq: this.seq });
  }

  private takeRandom(): Uint8Array {
    if (this.used === this.pool.length) {
      crypto.getRandomValues(this.pool);
      this.used = 0;
    }
    const random = this.pool.subarray(this.used, this.used + RANDOM_BYTES_PER_ID);
    this.used += RANDOM_BYTES_PER_ID;
    return random;
  }
}

/** A random 31-bit start for a millisecond's counter, leaving room to count up. */
const randomSequence = (random: Uint8Array): number =>
  new DataView(random.buffer, random.byteOffset, random.byteLength).getUint32(6) & 0x7fffffff;
