/**
 * HTTP benchmark: our server (Fastify + adapters/http + SQLite + outbox, default settings)
 * against a bare Fastify answering the same routes with constants (test/bench/bare-fastify.ts).
 *
 *   npm run bench:http                    # 10 s per measured run
 *   BENCH_DURATION=5 npm run bench:http   # shorter
 *
 * Both servers run as child processes started the same way (`node --import tsx`), one at a time,
 * so each gets the same CPU while autocannon drives it from this process. Each measured run is
 * preceded by a 2 s warm-up (JIT, SQLite page cache, connection set-up) whose numbers are dropped.
 * The child's stdout goes to /dev/null: the server still formats and writes every log line, as it
 * would in production, but the terminal is not part of what is measured.
 *
 * Prints a plain table and the same as Markdown for the README. Exits 1, after printing, when any
 * request failed (non-2xx, socket error or timeout): such numbers would measure an error path.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon, { type Result } from 'autocannon';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HOST = '127.0.0.1';
const CONNECTIONS = 10;
const PIPELINING = 1;
const WARMUP_SECONDS = 2;
const DURATION_SECONDS = parseDuration(process.env.BENCH_DURATION);
/**
 * Targets run in alternation, round after round, and each figure is the median of its
 * rounds: on a shared 2-core VM one back-to-back pass drifted by 25% between targets.
 */
const ROUNDS = parseRounds(process.env.BENCH_ROUNDS);

function parseRounds(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 3;
  const rounds = Number(raw);
  if (!Number.isInteger(rounds) || rounds < 1) {
    throw new Error(`BENCH_ROUNDS must be a whole number >= 1 (got ${raw})`);
  }
  return rounds;
}
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000; // above the server's default SHUTDOWN_TIMEOUT_MS (10 s)

function parseDuration(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 10;
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds < 1) {
    throw new Error(`BENCH_DURATION must be a whole number of seconds >= 1 (got ${raw})`);
  }
  return seconds;
}

const ROUTES = [
  'GET /users/{id}',
  'POST /orders',
  'POST /users',
  'POST /inventory/{store}/{item}/adjust',
] as const;
type RouteName = (typeof ROUTES)[number];

interface Target {
  name: string;
  /** Script run by `node --import tsx`, relative to the repository root. */
  script: string;
  /** Whether the target has POST /users; the bare server answers any id with its constant. */
  seedsUsers: boolean;
  env: (port: number) => Promise<{ env: NodeJS.ProcessEnv; cleanup: () => Promise<void> }>;
}

interface Measurement {
  target: string;
  route: RouteName;
  reqPerSec: number;
  p99Ms: number;
  requests: number;
  failures: string[];
}

const TARGETS: readonly Target[] = [
  {
    name: 'ours (default)',
    script: 'apps/server/main.ts',
    seedsUsers: true,
    env: async (port) => {
      const dataDir = await mkdtemp(join(os.tmpdir(), 'bench-data-'));
      return {
        // LOG_LEVEL and ACCESS_LOG are left unset on purpose: the defaults (info, errors) are
        // what a user runs.
        env: { PORT: String(port), HOST, DATA_DIR: dataDir },
        cleanup: () => rm(dataDir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: 'ours, ACCESS_LOG=all',
    script: 'apps/server/main.ts',
    seedsUsers: true,
    env: async (port) => {
      const dataDir = await mkdtemp(join(os.tmpdir(), 'bench-data-'));
      return {
        // One access line per request as well.
        env: { PORT: String(port), HOST, DATA_DIR: dataDir, ACCESS_LOG: 'all' },
        cleanup: () => rm(dataDir, { recursive: true, force: true }),
      };
    },
  },
  {
    // Security (issue 15): the same without the per-client rate limiter, to show its cost.
    name: 'ours, no rate limiter',
    script: 'apps/server/main.ts',
    seedsUsers: true,
    env: async (port) => {
      const dataDir = await mkdtemp(join(os.tmpdir(), 'bench-data-'));
      return {
        env: { PORT: String(port), HOST, DATA_DIR: dataDir, RATE_LIMIT_PER_SECOND: '0' },
        cleanup: () => rm(dataDir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: 'bare Fastify',
    script: 'test/bench/bare-fastify.ts',
    seedsUsers: false,
    env: async (port) => ({
      env: { PORT: String(port), HOST },
      cleanup: async () => {},
    }),
  },
];

// ---------------------------------------------------------------------------------------------
// Child processes

const children = new Set<ChildProcess>();

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const address = probe.address();
      if (address === null || typeof address === 'string') {
        probe.close();
        reject(new Error('could not read the probe port'));
        return;
      }
      probe.close(() => resolve(address.port));
    });
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const startChild = (target: Target, env: NodeJS.ProcessEnv): ChildProcess => {
  const child = spawn(process.execPath, ['--import', 'tsx', target.script], {
    cwd: ROOT,
    // Throughput from one address: the default limit (100/s per client) would answer 429. The
    // limiter still runs (its cost is in the figures), with an allowance no run reaches.
    env: {
      ...process.env,
      RATE_LIMIT_PER_SECOND: '1000000',
      RATE_LIMIT_BURST: '10000000',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    for (const line of chunk.split('\n')) {
      if (line !== '') process.stderr.write(`[${target.name}] ${line}\n`);
    }
  });
  return child;
};

/** Resolves once the child answers HTTP at all; rejects if it exits or takes too long. */
const waitUntilListening = async (child: ChildProcess, baseUrl: string, name: string) => {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name} exited before listening (${child.exitCode ?? child.signalCode})`);
    }
    try {
      const response = await fetch(`${baseUrl}/users/not-a-user`, {
        signal: AbortSignal.timeout(1000),
      });
      await response.arrayBuffer();
      return;
    } catch {
      await sleep(100);
    }
  }
  throw new Error(`${name} did not listen within ${START_TIMEOUT_MS} ms`);
};

const stopChild = async (child: ChildProcess): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
};

const stopAll = () => Promise.all([...children].map(stopChild));

/** Temporary data directories still to remove, also when the bench is interrupted. */
const cleanups = new Set<() => Promise<void>>();
const cleanUpAll = () => Promise.allSettled([...cleanups].map((cleanup) => cleanup()));

// Ctrl-C or a kill of the bench: stop the servers first, then leave.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`\n${signal}: stopping servers\n`);
    stopAll()
      .then(cleanUpAll)
      .finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  });
}
// Last resort (uncaught error, process.exit): never leave a server running.
process.once('exit', () => {
  for (const child of children) child.kill('SIGTERM');
});

// ---------------------------------------------------------------------------------------------
// Requests

const jsonHeaders = { 'content-type': 'application/json' };

const request = async (
  url: string,
  init: { method: 'GET' | 'POST'; body?: string },
  expectedStatus: number,
): Promise<unknown> => {
  const response = await fetch(url, { ...init, headers: jsonHeaders });
  const text = await response.text();
  if (response.status !== expectedStatus) {
    throw new Error(
      `${init.method} ${url}: expected ${expectedStatus}, got ${response.status}: ${text}`,
    );
  }
  return JSON.parse(text) as unknown;
};

/** Creates the user the runs read and order for. */
const seedUser = async (baseUrl: string): Promise<string> => {
  const user = await request(
    `${baseUrl}/users`,
    {
      method: 'POST',
      body: JSON.stringify({
        name: 'Bench User',
        email: `bench-${Date.now()}@example.com`,
        age: 30,
      }),
    },
    201,
  );
  const id = (user as { id?: unknown }).id;
  if (typeof id !== 'string')
    throw new Error(`POST /users returned no id: ${JSON.stringify(user)}`);
  return id;
};

const orderBody = (userId: string) =>
  JSON.stringify({
    userId,
    currency: 'EUR',
    items: [
      { sku: 'BENCH-1', quantity: 2, unitPrice: 1999 },
      { sku: 'BENCH-2', quantity: 1, unitPrice: 500 },
    ],
  });

const ADJUST_BODY = JSON.stringify({ delta: 1 });

const failuresOf = (result: Result): string[] => {
  const failures: string[] = [];
  if (result.non2xx > 0) {
    const codes = Object.entries(result.statusCodeStats)
      .filter(([code]) => !code.startsWith('2'))
      .map(([code, { count }]) => `${code}×${count}`)
      .join(', ');
    failures.push(`${result.non2xx} non-2xx (${codes})`);
  }
  if (result.errors > 0) failures.push(`${result.errors} errors`);
  if (result.timeouts > 0) failures.push(`${result.timeouts} timeouts`);
  return failures;
};

/** A new user for every request (an email can be taken once): what a sign-up rush sends. */
let signUps = 0;
const signUp = (request: { body?: string }) => {
  signUps += 1;
  request.body = JSON.stringify({ name: 'Bench Signup', email: `signup-${signUps}@example.com` });
  return request;
};

const measure = async (
  target: string,
  route: RouteName,
  options: {
    url: string;
    method: 'GET' | 'POST';
    body?: string;
    requests?: { setupRequest(request: { body?: string }): { body?: string } }[];
  },
): Promise<Measurement> => {
  process.stderr.write(
    `${target}: ${route}: ${WARMUP_SECONDS} s warm-up + ${DURATION_SECONDS} s measured...\n`,
  );
  const result = await autocannon({
    ...options,
    headers: options.method === 'GET' ? {} : jsonHeaders,
    connections: CONNECTIONS,
    pipelining: PIPELINING,
    duration: DURATION_SECONDS,
    warmup: { connections: CONNECTIONS, duration: WARMUP_SECONDS },
  });
  return {
    target,
    route,
    reqPerSec: result.requests.average,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    failures: failuresOf(result),
  };
};

const benchTarget = async (target: Target): Promise<Measurement[]> => {
  const port = await freePort();
  const baseUrl = `http://${HOST}:${port}`;
  const { env, cleanup } = await target.env(port);
  cleanups.add(cleanup);
  const child = startChild(target, env);
  try {
    await waitUntilListening(child, baseUrl, target.name);
    const userId = target.seedsUsers
      ? await seedUser(baseUrl)
      : '01a20deb-5ca9-75ce-af55-d65e0e2e75ba';
    const adjust = `${baseUrl}/inventory/Oslo/milk/adjust`;
    if (target.seedsUsers) {
      await fetch(`${baseUrl}/inventory/Oslo/milk`, {
        method: 'PUT',
        headers: jsonHeaders,
        body: JSON.stringify({ count: 10 }),
      });
    }
    // One request of each by hand first: a broken route fails here, not as a fast 4xx benchmark.
    await request(`${baseUrl}/users/${userId}`, { method: 'GET' }, 200);
    await request(`${baseUrl}/orders`, { method: 'POST', body: orderBody(userId) }, 201);
    await request(adjust, { method: 'POST', body: ADJUST_BODY }, 200);
    return [
      await measure(target.name, 'GET /users/{id}', {
        url: `${baseUrl}/users/${userId}`,
        method: 'GET',
      }),
      await measure(target.name, 'POST /orders', {
        url: `${baseUrl}/orders`,
        method: 'POST',
        body: orderBody(userId),
      }),
      await measure(target.name, 'POST /users', {
        url: `${baseUrl}/users`,
        method: 'POST',
        requests: [{ setupRequest: signUp }],
      }),
      // +1 each time: the count only grows, so every request succeeds (an atomic read-decide-write).
      await measure(target.name, 'POST /inventory/{store}/{item}/adjust', {
        url: adjust,
        method: 'POST',
        body: ADJUST_BODY,
      }),
    ];
  } finally {
    await stopChild(child);
    await cleanup();
    cleanups.delete(cleanup);
  }
};

// ---------------------------------------------------------------------------------------------
// Report

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** One measurement per target and route: the median req/s and p99 of its rounds. */
const medians = (runs: Measurement[]): Measurement[] => {
  const groups = new Map<string, Measurement[]>();
  for (const run of runs) {
    const key = `${run.target}\u0000${run.route}`;
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  return [...groups.values()].map((group) => ({
    target: group[0]!.target,
    route: group[0]!.route,
    reqPerSec: median(group.map((m) => m.reqPerSec)),
    p99Ms: median(group.map((m) => m.p99Ms)),
    requests: group.reduce((sum, m) => sum + m.requests, 0),
    failures: group.flatMap((m) => m.failures),
  }));
};

const formatRate = (value: number) => Math.round(value).toLocaleString('en-US');
// autocannon's latency histogram has 1 ms resolution (values are truncated): 0 means under 1 ms.
const formatMs = (value: number) => (value < 1 ? '< 1' : String(Math.round(value)));

const rows = (results: Measurement[]): string[][] => {
  const names = TARGETS.map((target) => target.name);
  const bare = names.at(-1);
  const out: string[][] = [];
  for (const route of ROUTES) {
    const base = results.find((m) => m.target === bare && m.route === route);
    for (const name of names) {
      const m = results.find((r) => r.target === name && r.route === route);
      if (m === undefined) continue;
      const ratio =
        name !== bare && base !== undefined && base.reqPerSec > 0
          ? (m.reqPerSec / base.reqPerSec).toFixed(2)
          : '';
      out.push([route, m.target, formatRate(m.reqPerSec), formatMs(m.p99Ms), ratio]);
    }
  }
  return out;
};

const HEADER = ['Route', 'Target', 'req/s (avg)', 'p99 latency (ms)', 'ours/bare req/s'];
const NUMERIC = [false, false, true, true, true];

const plainTable = (body: string[][]): string => {
  const all = [HEADER, ...body];
  const widths = HEADER.map((_, i) => Math.max(...all.map((row) => row[i]!.length)));
  const line = (row: string[]) =>
    row
      .map((cell, i) => (NUMERIC[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(HEADER), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)]
    .join('\n')
    .concat('\n');
};

const markdownTable = (body: string[][]): string => {
  const line = (row: string[]) => `| ${row.join(' | ')} |`;
  const rule = `|${NUMERIC.map((n) => (n ? '---:' : '---')).join('|')}|`;
  return [line(HEADER), rule, ...body.map(line)].join('\n').concat('\n');
};

const machine = () => {
  const cpus = os.cpus();
  return `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, Node ${process.version}`;
};

const settings = () =>
  `autocannon ${CONNECTIONS} connections, pipelining ${PIPELINING}, ` +
  `${DURATION_SECONDS} s per run after a ${WARMUP_SECONDS} s warm-up, median of ${ROUNDS} ` +
  'rounds with the targets in alternation; ' +
  'servers run one at a time as child processes, ours at LOG_LEVEL=info; ' +
  'latency resolution 1 ms.';

const main = async () => {
  const runs: Measurement[] = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    process.stderr.write(`round ${round} of ${ROUNDS}\n`);
    for (const target of TARGETS) runs.push(...(await benchTarget(target)));
  }
  const results = medians(runs);

  const body = rows(results);
  const failed = results.filter((m) => m.failures.length > 0);
  const out = [
    '',
    `Machine: ${machine()}`,
    `Load: ${settings()}`,
    '',
    plainTable(body),
    'Markdown:',
    '',
    markdownTable(body),
    `_${machine()}; ${settings()}_`,
    '',
  ];
  for (const m of failed) out.push(`WARNING: ${m.target} ${m.route}: ${m.failures.join('; ')}`);
  process.stdout.write(`${out.join('\n')}\n`);
  if (failed.length > 0) process.exitCode = 1;
};

try {
  await main();
} catch (error) {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await stopAll();
}
