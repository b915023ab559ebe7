import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../adapters/memory/clock.memory';
import { MemoryEmployeeRepository } from '../../adapters/memory/employee-repository.memory';
import { congratulations } from '../../domain/lottery/draw-record';
import { DrawSteps } from '../../domain/lottery/draw-steps';
import { pickDistinct } from '../../domain/lottery/pick-distinct';
import type { RandomSource } from '../../ports/random.port';
import { staff } from '../contracts/employee-repository.contract';

/** Replays the given numbers and records every bound asked for. */
class ScriptedRandom implements RandomSource {
  readonly bounds: number[] = [];
  constructor(private readonly values: number[]) {}
  int(maxExclusive: number): number {
    this.bounds.push(maxExclusive);
    return (this.values.shift() ?? 0) % maxExclusive;
  }
}

describe('pickDistinct (partial Fisher-Yates)', () => {
  it('asks the random source once per pick, over a shrinking range: no re-draws', () => {
    const random = new ScriptedRandom([4, 0, 2]);
    const picked = pickDistinct(['a', 'b', 'c', 'd', 'e'], 3, random);
    expect(random.bounds).toEqual([5, 4, 3]);
    expect(picked).toEqual(['e', 'b', 'a']);
  });

  it('gives every pair of 4 the same chance when fed every outcome once', () => {
    const counts = new Map<string, number>();
    for (let first = 0; first < 4; first += 1) {
      for (let second = 0; second < 3; second += 1) {
        const pair = pickDistinct(['a', 'b', 'c', 'd'], 2, new ScriptedRandom([first, second]))
          .sort()
          .join('');
        counts.set(pair, (counts.get(pair) ?? 0) + 1);
      }
    }
    expect([...counts.values()]).toEqual([2, 2, 2, 2, 2, 2]);
  });

  it('refuses more picks than the pool holds', () => {
    expect(() => pickDistinct(['a'], 2, new ScriptedRandom([]))).toThrow(RangeError);
  });
});

describe('draw steps', () => {
  const setUp = async (count: number, random: RandomSource = new ScriptedRandom([])) => {
    const employees = new MemoryEmployeeRepository();
    await employees.upsertMany(staff(count));
    const steps = new DrawSteps(employees, random, new ManualClock('2026-11-30T10:00:00.000Z'), {
      maxRounds: 3,
    });
    return { employees, steps };
  };

  it('selects only among those who never won, then validates by claiming them', async () => {
    const { employees, steps } = await setUp(3);
    await employees.claim('old', staff(1), '2026-01-01T00:00:00.000Z');
    const selected = await steps.select({ drawId: 'd1', winners: 2, round: 0 });
    expect(selected.round).toBe(1);
    expect(selected.selected.map((c) => c.id).sort()).toEqual(['e0002', 'e0003']);
    const validated = await steps.validate(selected);
    expect(validated).toMatchObject({
      pastWinner: false,
      taken: [],
      message: congratulations(['Employee 2', 'Employee 3']),
    });
    expect(validated.message).toBe(
      'Congrats! [Employee 2 Employee 3] You have selected as the Lucky Champ!',
    );
    expect((await steps.record(validated)).winners.map((w) => w.employeeId)).toEqual([
      'e0002',
      'e0003',
    ]);
  });

  it('reports a pick another draw won meanwhile, keeps the rest, and selects only what is missing', async () => {
    const { employees, steps } = await setUp(4);
    const selected = await steps.select({ drawId: 'd1', winners: 2, round: 0 });
    const [first] = selected.selected;
    await employees.claim('other', [first!], '2026-01-01T00:00:00.000Z');
    const validated = await steps.validate(selected);
    expect(validated).toMatchObject({ pastWinner: true, taken: [first!.id] });
    const again = await steps.select(validated);
    expect(again.selected).toHaveLength(1);
    expect(again.round).toBe(2);
  });

  it('fails at once with LOTTERY.NOT_ENOUGH_ELIGIBLE (asked, eligible), giving back what the draw held', async () => {
    const { employees, steps } = await setUp(3);
    await employees.claim('d1', staff(1), '2026-01-01T00:00:00.000Z');
    await employees.claim('other', staff(2, 2), '2026-01-01T00:00:00.000Z');
    await expect(steps.select({ drawId: 'd1', winners: 3, round: 1 })).rejects.toMatchObject({
      name: 'LOTTERY.NOT_ENOUGH_ELIGIBLE',
      code: 'LOTTERY.NOT_ENOUGH_ELIGIBLE',
      details: { asked: 3, eligible: 1 },
    });
    expect(await employees.winnersOf('d1')).toEqual([]);
  });

  it('gives up after the last round with LOTTERY.TOO_MANY_ROUNDS', async () => {
    const { steps } = await setUp(3);
    await expect(steps.select({ drawId: 'd1', winners: 1, round: 3 })).rejects.toMatchObject({
      code: 'LOTTERY.TOO_MANY_ROUNDS',
    });
  });

  it('refuses malformed task input as a validation error', async () => {
    const { steps } = await setUp(1);
    await expect(steps.select({ drawId: 'd1', winners: 0 })).rejects.toMatchObject({
      code: 'VALIDATION.FAILED',
    });
  });
});
