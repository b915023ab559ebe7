import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CryptoRandom } from '../../adapters/local/random.crypto';
import { ManualClock } from '../../adapters/memory/clock.memory';
import { DrawSteps } from '../../domain/lottery/draw-steps';
import type { Employee } from '../../domain/lottery/employee';
import { isDomainError } from '../../domain/shared/domain-error';
import type { EmployeeRepository } from '../../ports/employee-repository.port';

export interface EmployeeRepositoryHarness {
  employees: EmployeeRepository;
  close?: () => Promise<void> | void;
}

const AT = '2026-11-30T10:00:00.000Z';

export const staff = (count: number, from = 1): Employee[] =>
  Array.from({ length: count }, (_, i) => ({
    id: `e${String(from + i).padStart(4, '0')}`,
    name: `Employee ${from + i}`,
  }));

/**
 * A draw's select/validate loop, as the state machine's Choice runs it: the same steps the
 * workflow's task states call, against the repository under test.
 */
export const drawOnce = async (steps: DrawSteps, drawId: string, winners: number) => {
  let data: unknown = { drawId, winners, round: 0 };
  for (;;) {
    const validated = await steps.validate(await steps.select(data));
    if (!validated.pastWinner) return steps.record(validated);
    data = validated;
  }
};

const outcomeOf = async (work: Promise<unknown>) =>
  work.then(
    () => 'won' as const,
    (error: unknown) => (isDomainError(error) ? error.code : `unexpected: ${String(error)}`),
  );

export const describeEmployeeRepositoryContract = (
  name: string,
  create: () => Promise<EmployeeRepositoryHarness> | EmployeeRepositoryHarness,
) => {
  describe(`EmployeeRepository contract: ${name}`, () => {
    let h: EmployeeRepositoryHarness;
    beforeEach(async () => {
      h = await create();
    });
    afterEach(async () => {
      await h.close?.();
    });

    const steps = () =>
      new DrawSteps(h.employees, new CryptoRandom(), new ManualClock(new Date(AT)));

    it('imports employees, updates them by id and lists them by id, page by page', async () => {
      await h.employees.upsertMany([
        ...staff(3),
        { id: 'a/b #1', name: 'Ünïcode Name', email: 'x@example.com' },
      ]);
      await h.employees.upsertMany([{ id: 'e0002', name: 'Renamed', email: 'r@example.com' }]);
      const first = await h.employees.list({}, { limit: 2 });
      expect(first.items.map((e) => e.id)).toEqual(['a/b #1', 'e0001']);
      const second = await h.employees.list({}, { limit: 2, cursor: first.nextCursor! });
      expect(second.items).toEqual([
        {
          id: 'e0002',
          name: 'Renamed',
          email: 'r@example.com',
          eligible: true,
          wonDraw: null,
          wonAt: null,
        },
        { id: 'e0003', name: 'Employee 3', eligible: true, wonDraw: null, wonAt: null },
      ]);
      expect(second.nextCursor).toBeNull();
      expect(await h.employees.find('a/b #1')).toMatchObject({
        name: 'Ünïcode Name',
        email: 'x@example.com',
      });
      expect(await h.employees.find('nobody')).toBeNull();
    });

    it('claims each employee for one draw only, idempotently for that draw', async () => {
      await h.employees.upsertMany(staff(3));
      const [a, b] = staff(2) as [Employee, Employee];
      const first = await h.employees.claim('draw-1', [a, b], AT);
      expect(first.taken).toEqual([]);
      expect(first.claimed.map((w) => w.employeeId).sort()).toEqual(['e0001', 'e0002']);
      expect(first.claimed[0]).toMatchObject({ drawId: 'draw-1', wonAt: AT });
      const again = await h.employees.claim('draw-1', [a], '2026-12-01T00:00:00.000Z');
      expect(again).toEqual({
        claimed: [expect.objectContaining({ employeeId: 'e0001', wonAt: AT })],
        taken: [],
      });
      const other = await h.employees.claim('draw-2', [a, { id: 'ghost', name: 'Ghost' }], AT);
      expect(other.claimed).toEqual([]);
      expect(other.taken.sort()).toEqual(['e0001', 'ghost']);
      expect((await h.employees.eligible()).map((e) => e.id)).toEqual(['e0003']);
      expect((await h.employees.winnersOf('draw-1')).map((w) => w.employeeId)).toEqual([
        'e0001',
        'e0002',
      ]);
      expect(await h.employees.find('e0001')).toMatchObject({
        eligible: false,
        wonDraw: 'draw-1',
        wonAt: AT,
      });
    });

    it('lists eligible employees and winners apart; winners by draw, then employee', async () => {
      await h.employees.upsertMany(staff(5));
      const [a, b, c] = staff(3) as [Employee, Employee, Employee];
      await h.employees.claim('draw-2', [c], AT);
      await h.employees.claim('draw-1', [b, a], AT);
      const eligible = await h.employees.list({ eligible: true }, { limit: 10 });
      expect(eligible.items.map((e) => e.id)).toEqual(['e0004', 'e0005']);
      const winners = await h.employees.list({ eligible: false }, { limit: 10 });
      expect(winners.items.map((e) => e.id)).toEqual(['e0001', 'e0002', 'e0003']);
      const page1 = await h.employees.listWinners({ limit: 2 });
      expect(page1.items.map((w) => [w.drawId, w.employeeId])).toEqual([
        ['draw-1', 'e0001'],
        ['draw-1', 'e0002'],
      ]);
      const page2 = await h.employees.listWinners({ limit: 2, cursor: page1.nextCursor! });
      expect(page2).toEqual({
        items: [{ employeeId: 'e0003', employeeName: 'Employee 3', drawId: 'draw-2', wonAt: AT }],
        nextCursor: null,
      });
    });

    it('keeps a winner a winner when re-imported, and drops an email left out', async () => {
      await h.employees.upsertMany([{ id: 'w', name: 'Winner', email: 'w@example.com' }]);
      await h.employees.claim('draw-1', [{ id: 'w', name: 'Winner' }], AT);
      await h.employees.upsertMany([{ id: 'w', name: 'Winner Renamed' }]);
      expect(await h.employees.find('w')).toEqual({
        id: 'w',
        name: 'Winner Renamed',
        eligible: false,
        wonDraw: 'draw-1',
        wonAt: AT,
      });
      expect(await h.employees.eligible()).toEqual([]);
    });

    it('removes only employees who never won', async () => {
      await h.employees.upsertMany(staff(2));
      await h.employees.claim('draw-1', staff(1), AT);
      expect(await h.employees.remove('e0002')).toEqual({ outcome: 'removed' });
      expect(await h.employees.remove('e0002')).toEqual({ outcome: 'absent' });
      expect(await h.employees.remove('e0001')).toEqual({ outcome: 'won', drawId: 'draw-1' });
      expect(await h.employees.find('e0002')).toBeNull();
      expect(await h.employees.claim('draw-2', staff(1, 2), AT)).toEqual({
        claimed: [],
        taken: ['e0002'],
      });
    });

    it('gives a draw’s winners back on release', async () => {
      await h.employees.upsertMany(staff(3));
      await h.employees.claim('draw-1', staff(2), AT);
      await h.employees.release('draw-1');
      expect((await h.employees.eligible()).map((e) => e.id).sort()).toEqual([
        'e0001',
        'e0002',
        'e0003',
      ]);
      expect(await h.employees.winnersOf('draw-1')).toEqual([]);
      expect((await h.employees.listWinners({ limit: 10 })).items).toEqual([]);
    });

    it('20 concurrent draws of 5 among 100 give 100 distinct winners', async () => {
      await h.employees.upsertMany(staff(100));
      const s = steps();
      const draws = await Promise.all(
        Array.from({ length: 20 }, (_, i) => drawOnce(s, `draw-${String(i).padStart(2, '0')}`, 5)),
      );
      const ids = draws.flatMap((draw) => draw.winners.map((w) => w.employeeId));
      expect(ids).toHaveLength(100);
      expect(new Set(ids).size).toBe(100);
      for (const draw of draws)
        expect(draw.winners.every((w) => w.drawId === draw.drawId)).toBe(true);
      expect(await h.employees.eligible()).toEqual([]);
    });

    it('more demand than supply: clear failures, never a repeat', async () => {
      await h.employees.upsertMany(staff(30));
      const s = steps();
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, (_, i) => outcomeOf(drawOnce(s, `draw-${i}`, 5))),
      );
      const won = outcomes.filter((outcome) => outcome === 'won').length;
      expect(won).toBeGreaterThanOrEqual(1);
      expect(won).toBeLessThanOrEqual(6);
      for (const outcome of outcomes) {
        expect(['won', 'LOTTERY.NOT_ENOUGH_ELIGIBLE', 'LOTTERY.TOO_MANY_ROUNDS']).toContain(
          outcome,
        );
      }
      // Failed draws gave back what they held: the winners are exactly the successful draws'.
      const winners = (await h.employees.listWinners({ limit: 100 })).items;
      expect(winners).toHaveLength(won * 5);
      expect(new Set(winners.map((w) => w.employeeId)).size).toBe(won * 5);
      const perDraw = new Map<string, number>();
      for (const w of winners) perDraw.set(w.drawId, (perDraw.get(w.drawId) ?? 0) + 1);
      expect([...perDraw.values()].every((count) => count === 5)).toBe(true);
    });
  });
};
