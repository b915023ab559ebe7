import type { RandomSource } from '../../ports/random.port';

/**
 * `count` distinct elements of `pool`, each subset equally likely: the first `count` steps of a
 * Fisher-Yates shuffle (Knuth, TAOCP vol. 2, Algorithm P). One random number per pick, no
 * re-draws; `pool` is shuffled in place (pass a copy you own).
 */
export const pickDistinct = <T>(pool: T[], count: number, random: RandomSource): T[] => {
  if (count > pool.length) throw new RangeError(`Cannot pick ${count} of ${pool.length}`);
  for (let i = 0; i < count; i += 1) {
    const j = i + random.int(pool.length - i);
    const picked = pool[j] as T;
    pool[j] = pool[i] as T;
    pool[i] = picked;
  }
  return pool.slice(0, count);
};
