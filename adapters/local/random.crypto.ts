import { randomInt } from 'node:crypto';
import type { RandomSource } from '../../ports/random.port';

/** Node's CSPRNG; randomInt rejects biased values itself (no modulo bias). */
export class CryptoRandom implements RandomSource {
  int(maxExclusive: number): number {
    return randomInt(maxExclusive);
  }
}
