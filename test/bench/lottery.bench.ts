/**
 * Lottery draw benchmark (`npm run bench:lottery`), in one run, on the embedded store (SQLite):
 *
 * For EMPLOYEES = 100,000 and then 1,000,000 employees of whom 99% have won before:
 * - ours: a draw of 10 winners through the whole in-process workflow (the ASL document run by
 *   aws-local-stepfunctions: select among those who never won, claim, notify, record), and its
 *   select/validate/record steps alone; DRAWS draws each, every one given back after it is timed
 *   so each draw meets the same 1% eligible; median and p95.
 * - the reference design's algorithm on the same data: pick 10 random serials, look each up
 *   (a point read), and when any has won, pick all 10 again (its Choice goes back to select),
 *   until none has; capped at REFERENCE_CAP_MS and then reported as a lower bound.
 * - for comparison, the kinder variant that re-draws only the picks that had won (rejection
 *   sampling): it ends, but its cost grows with 1/eligible share, it never ends when fewer are
 *   eligible than asked, and it claims nothing (two draws at once can pick the same person).
 *
 * Prints the table, then the same as Markdown for the README.
 */
import { randomInt } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { SystemClock } from '../../adapters/local/clock.system';
import { drawTaskHandlers } from '../../adapters/local/draw-task-handlers';
import { LocalDrawWorkflow } from '../../adapters/local/draw-workflow.local';
import { CryptoRandom } from '../../adapters/local/random.crypto';
import { MemoryNotifier } from '../../adapters/memory/notifier.memory';
import { createPinoLogger } from '../../adapters/pino/logger.pino';
import { storesOf } from '../../apps/composition/stores/open-store';
import { openSqliteStore } from '../../apps/composition/stores/sqlite';
import { lotteryModule } from '../../apps/modules/lottery/lottery.module';
import { DrawSteps } from '../../domain/lottery/draw-steps';
import type { Employee } from '../../domain/lottery/employee';
import type { EmployeeRepository } from '../../ports/employee-repository.port';
import { drawOnce } from '../contracts/employee-repository.contract';
import { tempDir } from '../support/temp-dir';

const WINNERS = 10;
const DRAWS = Number(process.env.DRAWS ?? 30);
const REFERENCE_CAP_MS = Number(process.env.REFERENCE_CAP_MS ?? 10_000);
const SIZES = (process.env.EMPLOYEES ?? '100000,1000000').split(',').map(Number);

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const p95 = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.95)] ?? 0;
const ms = (value: number) => value.toFixed(2);

/** `count` employees with serials 1..count as ids; all but 1% of them (spread evenly) have won. */
const seed = async (employees: EmployeeRepository, count: number) => {
  for (let start = 1; start <= count; start += 10_000) {
    const batch: Employee[] = [];
    for (let serial = start; serial < Math.min(start + 10_000, count + 1); serial += 1) {
      batch.push({ id: String(serial), name: `Employee ${serial}` });
    }
    await employees.upsertMany(batch);
    const won = batch.filter((_, index) => index % 100 !== 0);
    await employees.claim(`past-draw-${start}`, won, '2026-01-01T00:00:00.000Z');
  }
};

/** The reference: 10 random serials, each looked up; any past winner among them sends all back. */
const referenceDraw = async (employees: EmployeeRepository, count: number) => {
  const started = performance.now();
  let rounds = 0;
  let reads = 0;
  while (performance.now() - started < REFERENCE_CAP_MS) {
    rounds += 1;
    const serials = new Set<number>();
    while (serials.size < WINNERS) serials.add(randomInt(1, count + 1));
    let anyWon = false;
    for (const serial of serials) {
      reads += 1;
      const employee = await employees.find(String(serial));
      if (!employee?.eligible) anyWon = true;
    }
    if (!anyWon) return { ms: performance.now() - started, capped: false, rounds, reads };
  }
  return { ms: performance.now() - started, capped: true, rounds, reads };
};

/** Rejection sampling per pick: re-draw only the serials that had won. */
const perPickDraw = async (employees: EmployeeRepository, count: number) => {
  const started = performance.now();
  const picked = new Set<string>();
  let reads = 0;
  while (picked.size < WINNERS) {
    const id = String(randomInt(1, count + 1));
    if (picked.has(id)) continue;
    reads += 1;
    if ((await employees.find(id))?.eligible) picked.add(id);
  }
  return { ms: performance.now() - started, reads };
};

const rows: string[][] = [];
const machine = `${cpus().length} x ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;

for (const count of SIZES) {
  const dir = tempDir('bench-lottery-');
  const store = await openSqliteStore([lotteryModule], join(dir.path, 'app.db'));
  const stores = storesOf(store, lotteryModule);
  const seeding = performance.now();
  await seed(stores.employees, count);
  const eligible = (await stores.employees.eligible()).length;
  console.log(
    `${count.toLocaleString('en')} employees, ${eligible.toLocaleString('en')} eligible, seeded in ${ms((performance.now() - seeding) / 1000)} s`,
  );

  const clock = new SystemClock();
  const steps = new DrawSteps(stores.employees, new CryptoRandom(), clock);
  const workflow = new LocalDrawWorkflow({
    handlers: drawTaskHandlers(steps, new MemoryNotifier()),
    draws: stores.draws,
    clock,
    logger: createPinoLogger({ level: 'silent' }),
  });
  const whole: number[] = [];
  const stepsOnly: number[] = [];
  for (let i = 0; i < DRAWS + 2; i += 1) {
    const id = `bench-${count}-${i}`;
    let started = performance.now();
    await workflow.start({ id, winners: WINNERS });
    await workflow.idle();
    const record = (await workflow.find(id))!;
    const wholeMs = performance.now() - started;
    if (record.status !== 'succeeded' || record.selected.length !== WINNERS)
      throw new Error(`draw ${record.id} ${record.status}`);
    await stores.employees.release(record.id);
    started = performance.now();
    const direct = await drawOnce(steps, `bench-steps-${count}-${i}`, WINNERS);
    const stepsMs = performance.now() - started;
    await stores.employees.release(direct.drawId);
    // The first two warm the engine and the statements up.
    if (i >= 2) {
      whole.push(wholeMs);
      stepsOnly.push(stepsMs);
    }
  }
  const reference = await referenceDraw(stores.employees, count);
  const perPick: number[] = [];
  let perPickReads = 0;
  for (let i = 0; i < DRAWS; i += 1) {
    const result = await perPickDraw(stores.employees, count);
    perPick.push(result.ms);
    perPickReads += result.reads;
  }
  const ours = median(whole);
  const referenceText = reference.capped
    ? `> ${ms(reference.ms)} ms (stopped at the cap: ${reference.rounds.toLocaleString('en')} rounds, ${reference.reads.toLocaleString('en')} reads, no draw)`
    : `${ms(reference.ms)} ms (${reference.rounds} rounds)`;
  const ratio = `${reference.capped ? '>= ' : ''}${Math.floor(reference.ms / ours).toLocaleString('en')}x`;
  console.log(
    `  ours, whole workflow: median ${ms(ours)} ms, p95 ${ms(p95(whole))} ms (${DRAWS} draws)`,
  );
  console.log(
    `  ours, steps only:     median ${ms(median(stepsOnly))} ms, p95 ${ms(p95(stepsOnly))} ms`,
  );
  console.log(`  reference:            ${referenceText}`);
  console.log(
    `  per-pick re-draw:     median ${ms(median(perPick))} ms, ${Math.round(perPickReads / DRAWS)} reads a draw`,
  );
  console.log(
    `  ratio reference/ours: ${ratio}; target < 50 ms: ${ours < 50 ? 'met' : 'not met'}, >= 100x: ${reference.ms / ours >= 100 ? 'met' : 'not met'}`,
  );
  rows.push([
    count.toLocaleString('en'),
    eligible.toLocaleString('en'),
    `${ms(ours)} (p95 ${ms(p95(whole))})`,
    `${ms(median(stepsOnly))} (p95 ${ms(p95(stepsOnly))})`,
    referenceText,
    ratio,
    `${ms(median(perPick))} (${Math.round(perPickReads / DRAWS)} reads)`,
  ]);
  store.close();
  dir.remove();
}

console.log('\nMarkdown:\n');
console.log(
  '| employees | never won | ours: whole workflow, ms (median, p95) | ours: steps only, ms | reference algorithm | reference / ours | per-pick re-draw, ms |',
);
console.log('| ---: | ---: | ---: | ---: | --- | ---: | ---: |');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
console.log(`\nMachine: ${machine}`);
