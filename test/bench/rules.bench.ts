/**
 * Rules benchmark (`npm run bench:rules`): 100 rules (the three reference rules and 97 generated
 * over every operator) against EVENTS events (1,000,000 by default, walked over a pool of 10,000
 * distinct envelopes), in one run:
 *
 * - ours: the patterns compiled once (compileRules), then matchingRules per event;
 * - naive: test/support/naive-pattern-matcher.ts, which parses each pattern's JSON text and interprets it for
 *   every event. It is run on NAIVE_EVENTS events (50,000 by default: at its pace the full
 *   million would take minutes; `--naive-events 1000000` runs them all), and its rate is per
 *   rule check, the same unit as ours.
 *
 * Both must pick the same rules for every event the naive one sees, or the run fails. Prints the
 * table, the ratio and the rule checks per second, then the same as Markdown for the README.
 */
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { compileRules, matchingRules } from '../../domain/messaging/rules/rule-set';
import { naiveMatches } from '../support/naive-pattern-matcher';
import { benchEvents, benchRules } from './rules-workload';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    'naive-events': { type: 'string', default: '50000' },
  },
});
const EVENTS = Number(values.events);
const NAIVE_EVENTS = Math.min(Number(values['naive-events']), EVENTS);
const POOL = 10_000;

const rules = benchRules();
const events = benchEvents(POOL);
const compiled = compileRules(rules);
const texts = rules.map((rule) => JSON.stringify(rule.pattern));

/** Matched rule indexes of one event, as a key to compare the two evaluators. */
const oursFor = (i: number) => {
  const matched = matchingRules(compiled, events[i % POOL] as (typeof events)[number]);
  return matched.map((rule) => rules.indexOf(rule)).join(',');
};
const naiveFor = (i: number) => {
  const event = events[i % POOL];
  const matched: number[] = [];
  for (let r = 0; r < texts.length; r += 1)
    if (naiveMatches(texts[r] as string, event)) matched.push(r);
  return matched.join(',');
};

for (let i = 0; i < Math.min(POOL, NAIVE_EVENTS); i += 1) {
  if (oursFor(i) !== naiveFor(i)) {
    process.stderr.write(
      `The evaluators disagree on event ${i}: ours [${oursFor(i)}], naive [${naiveFor(i)}]\n`,
    );
    process.exit(1);
  }
}

const time = (count: number, run: (i: number) => number) => {
  const started = process.hrtime.bigint();
  let matches = 0;
  for (let i = 0; i < count; i += 1) matches += run(i);
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, matches };
};

// Warm-up, so both are measured after the JIT has compiled them.
time(20_000, (i) => matchingRules(compiled, events[i % POOL] as (typeof events)[number]).length);
time(2_000, (i) => naiveFor(i).length);

const ours = time(
  EVENTS,
  (i) => matchingRules(compiled, events[i % POOL] as (typeof events)[number]).length,
);
const naive = time(NAIVE_EVENTS, (i) => {
  const event = events[i % POOL];
  let n = 0;
  for (const text of texts) if (naiveMatches(text, event)) n += 1;
  return n;
});

const rate = (count: number, seconds: number) => (count * rules.length) / seconds;
const oursRate = rate(EVENTS, ours.seconds);
const naiveRate = rate(NAIVE_EVENTS, naive.seconds);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const rows = [
  ['ours: compiled once', EVENTS, ours.seconds, oursRate, ours.matches],
  ['naive: re-parsed per event', NAIVE_EVENTS, naive.seconds, naiveRate, naive.matches],
] as const;

process.stdout.write(
  `bench:rules, ${rules.length} rules, Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'})\n\n`,
);
const markdown = [
  '| evaluator | events | rule checks | time | rule checks/s | events/s | matches |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map(
    ([name, count, seconds, perSecond, matches]) =>
      `| ${name} | ${fmt(count)} | ${fmt(count * rules.length)} | ${seconds.toFixed(2)} s | ${fmt(perSecond)} | ${fmt(count / seconds)} | ${fmt(matches)} |`,
  ),
];
process.stdout.write(`${markdown.join('\n')}\n\n`);
process.stdout.write(
  `ours / naive: ${(oursRate / naiveRate).toFixed(1)}x rule checks per second (target >= 5x); ` +
    `ours: ${fmt(oursRate)} rule checks/s (target >= 1,000,000)\n`,
);
