import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { drawTaskHandlers } from '../../adapters/local/draw-task-handlers';
import { LocalDrawWorkflow } from '../../adapters/local/draw-workflow.local';
import { CryptoRandom } from '../../adapters/local/random.crypto';
import { ManualClock } from '../../adapters/memory/clock.memory';
import { MemoryDrawStore } from '../../adapters/memory/draw-store.memory';
import { MemoryEmployeeRepository } from '../../adapters/memory/employee-repository.memory';
import { MemoryNotifier } from '../../adapters/memory/notifier.memory';
import { createPinoLogger } from '../../adapters/pino/logger.pino';
import { storesOf } from '../../apps/composition/stores/open-store';
import { openSqliteStore } from '../../apps/composition/stores/sqlite';
import { type LotteryStores, lotteryModule } from '../../apps/modules/lottery/lottery.module';
import type { HistoryEntry } from '../../domain/lottery/draw-record';
import { DrawSteps } from '../../domain/lottery/draw-steps';
import type { EmployeeRepository } from '../../ports/employee-repository.port';
import { staff } from '../contracts/employee-repository.contract';
import { injectSend } from '../http/http-scenario';
import { tempDir } from '../support/temp-dir';
import { startTestServer } from '../support/test-server';

// Before the real clock: draws saved with it look long stale to a server started now.
const clock = new ManualClock('2026-01-01T10:00:00.000Z');

const engineOn = (
  stores: LotteryStores,
  handlers: Partial<ReturnType<typeof drawTaskHandlers>> = {},
  notifier = new MemoryNotifier(),
) => {
  const steps = new DrawSteps(stores.employees, new CryptoRandom(), clock);
  return new LocalDrawWorkflow({
    handlers: { ...drawTaskHandlers(steps, notifier), ...handlers } as ReturnType<
      typeof drawTaskHandlers
    >,
    draws: stores.draws,
    clock,
    logger: createPinoLogger({ level: 'silent' }),
  });
};

/** The store failing `failures` times at the given call, then working (Infinity: never again). */
const failing = (employees: EmployeeRepository, method: 'eligible' | 'claim', failures: number) => {
  let left = failures;
  return new Proxy(employees, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property !== method) return typeof value === 'function' ? value.bind(target) : value;
      return async (...args: unknown[]) => {
        if (left > 0) {
          left -= 1;
          throw new Error('the store is unavailable');
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
};

const memoryStores = async (count: number): Promise<LotteryStores> => {
  const employees = new MemoryEmployeeRepository();
  await employees.upsertMany(staff(count));
  return { employees, draws: new MemoryDrawStore() };
};

const of = (history: HistoryEntry[], type: string, state?: string) =>
  history.filter((e) => e.type === type && (state === undefined || e.state === state));
const gapMs = (a: HistoryEntry, b: HistoryEntry) => Date.parse(b.at) - Date.parse(a.at);

describe('the draw workflow, run in-process from the ASL document', () => {
  it('retries a step that fails transiently, 1 s later, and the draw succeeds', async () => {
    const stores = await memoryStores(5);
    const engine = engineOn({ ...stores, employees: failing(stores.employees, 'eligible', 1) });
    await engine.start({ id: 'draw-t', winners: 2 });
    await engine.idle();
    const draw = (await engine.find('draw-t'))!;
    expect(draw.status).toBe('succeeded');
    expect(draw.selected).toHaveLength(2);
    const [failed] = of(draw.history, 'StateFailed', 'Random Select Winners');
    const [retried] = of(draw.history, 'StateRetried', 'Random Select Winners');
    expect(failed).toMatchObject({ error: 'Error', cause: 'the store is unavailable' });
    expect(retried).toMatchObject({ attempt: 1 });
    // IntervalSeconds 1 (BackoffRate 1): the retry waits a second.
    expect(gapMs(failed!, retried!)).toBeGreaterThanOrEqual(1000);
  });

  it('ends a step failing for good in the Fail state, after two retries 1 s apart, the error in the history', async () => {
    const stores = await memoryStores(5);
    const engine = engineOn({
      ...stores,
      employees: failing(stores.employees, 'claim', Number.POSITIVE_INFINITY),
    });
    await engine.start({ id: 'draw-p', winners: 2 });
    await engine.idle();
    const draw = (await engine.find('draw-p'))!;
    expect(draw.status).toBe('failed');
    expect(draw.error).toEqual({ code: 'Error', cause: 'the store is unavailable' });
    const failures = of(draw.history, 'StateFailed', 'Validate Winners');
    const retries = of(draw.history, 'StateRetried', 'Validate Winners');
    expect(failures).toHaveLength(3);
    expect(retries.map((e) => e.attempt)).toEqual([1, 2]);
    expect(gapMs(failures[0]!, retries[0]!)).toBeGreaterThanOrEqual(1000);
    expect(gapMs(failures[1]!, retries[1]!)).toBeGreaterThanOrEqual(1000);
    expect(of(draw.history, 'StateCaught', 'Validate Winners')).toHaveLength(1);
    expect(of(draw.history, 'StateEntered', 'Draw Failed')).toHaveLength(1);
    expect(draw.history.at(-1)).toMatchObject({
      type: 'ExecutionFailed',
      error: 'Error',
      cause: 'the store is unavailable',
    });
  });

  it('fails a draw at once, without retries, when too few never won', async () => {
    const stores = await memoryStores(3);
    const engine = engineOn(stores);
    await engine.start({ id: 'draw-n', winners: 4 });
    await engine.idle();
    const draw = (await engine.find('draw-n'))!;
    expect(draw.status).toBe('failed');
    expect(draw.error?.code).toBe('LOTTERY.NOT_ENOUGH_ELIGIBLE');
    expect(of(draw.history, 'StateRetried')).toEqual([]);
  });

  it('runs a draw delivered twice once (a queue redelivers a message whose run ended)', async () => {
    const stores = await memoryStores(5);
    const notifier = new MemoryNotifier();
    const dispatched: string[] = [];
    const steps = new DrawSteps(stores.employees, new CryptoRandom(), clock);
    const engine = new LocalDrawWorkflow({
      handlers: drawTaskHandlers(steps, notifier),
      draws: stores.draws,
      clock,
      logger: createPinoLogger({ level: 'silent' }),
      dispatch: async (draw) => {
        dispatched.push(draw.id);
      },
    });
    await engine.start({ id: 'draw-q', winners: 2 });
    expect(dispatched).toEqual(['draw-q']);
    expect((await engine.find('draw-q'))?.status).toBe('running');
    const [first, again] = [await engine.run('draw-q'), await engine.run('draw-q')];
    expect(first.status).toBe('succeeded');
    expect(again).toEqual(first);
    expect(notifier.sent).toHaveLength(1);
    expect(await engine.resume(0)).toEqual([]);
  });

  it('a draw cut short by a crash is run again by the restarted server and ends with exactly its winners', async () => {
    const dir = tempDir('lottery-crash-');
    const file = join(dir.path, 'app.db');
    const before = await openSqliteStore([lotteryModule], file);
    const stores = storesOf(before, lotteryModule);
    await stores.employees.upsertMany(staff(10));
    // The process stops while recording: Validate has claimed the winners and the draw was saved.
    let recording!: () => void;
    const stopped = new Promise<void>((resolve) => {
      recording = resolve;
    });
    const crashing = engineOn(stores, {
      'Record Winner Queue': () => {
        recording();
        return new Promise(() => undefined);
      },
    });
    await crashing.start({ id: 'draw-c', winners: 3 });
    await stopped;
    const held = (await stores.employees.winnersOf('draw-c')).map((w) => w.employeeId);
    expect(held).toHaveLength(3);
    expect((await stores.draws.find('draw-c'))?.status).toBe('running');
    before.close();

    // A server started on the same data runs it again with its lottery-resume-draws job.
    const server = await startTestServer({ dataDir: dir.path });
    try {
      const job = server.composed.schedules.find((j) => j.name === 'lottery-resume-draws');
      await job!.run();
      const send = injectSend(server.app);
      const draw = (await send({ method: 'GET', path: '/lottery/draws/draw-c' })).body;
      expect(draw.status).toBe('succeeded');
      expect(draw.selected.map((w: { employeeId: string }) => w.employeeId)).toEqual(held);
      expect(draw.history.map((e: { type: string }) => e.type)).toContain('ExecutionResumed');
      const eligible = await send({ method: 'GET', path: '/lottery/employees?eligible=true' });
      expect(eligible.body.items).toHaveLength(7);
      const notices = (await send({ method: 'GET', path: '/notifications' })).body.items;
      expect(notices.map((n: { message: string }) => n.message)).toEqual([draw.message]);
    } finally {
      await server.dispose();
    }
    dir.remove();
  });
});
