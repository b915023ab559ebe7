/**
 * Lambda benchmark, in one run (`npm run bench:lambda`):
 *
 * 1. Warm cost per invocation, in this process: our API Gateway door (createHttpHandler over
 *    the HTTP route table), a raw handler returning the same JSON, and @fastify/aws-lambda
 *    wrapping a Fastify app with the same route. All answer GET /users/{id} from the REST API
 *    fixture. Our door's store is a stub answering the same constant user (as the raw handler
 *    and the Fastify app do), so the figure is the door's own cost: translation, routing, zod,
 *    the domain call, error table, headers. Logging is off for all three; one more row shows
 *    ours with LOG_LEVEL=info and ACCESS_LOG=all (one JSON line per request, written to a
 *    discarded sink); the default ACCESS_LOG=errors writes none for a 200.
 * 2. Cold start: spawn node, import the built bundle, answer the first event, exit; the median
 *    of COLD_RUNS per case, the cases interleaved so machine noise spreads evenly, compared
 *    with `node -e 0`. Our bundle is the one `npm run build:aws` ships. The case that reads the
 *    store talks to a local stand-in DynamoDB endpoint answering `{}` (item absent), so the
 *    SDK's import, client set-up, signing and one loopback round trip are all paid.
 * 3. Bundle sizes, and what the HTTP function's cold start loads (esbuild metafile).
 *
 * Prints the tables, then the same as Markdown for the README.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import awsLambdaFastify from '@fastify/aws-lambda';
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';
import { build } from 'esbuild';
import Fastify from 'fastify';
import {
  createHttpHandler,
  type LambdaHttpHandler,
} from '../../adapters/aws/lambda/http/http-handler';
import {
  buildFunctions,
  bundleComposition,
  bundleEntry,
  DEFAULT_OUT_DIR,
  kb,
  REPO_ROOT,
} from '../../apps/aws-lambda/bundle';
import { composeHttp } from '../../apps/aws-lambda/http-composition';
import { createLambdaLogger } from '../../apps/aws-lambda/lambda-logger';
import { stubStore, benchUser as user } from './stub-store';

const run = promisify(execFile);
const ROUNDS = 5;
const ROUND_MS = 400;
const COLD_RUNS = Number(process.env.COLD_RUNS ?? 15);
const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'aws-events');
const fixture = <T>(name: string): T => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as T;

const restEvent = (path: string): APIGatewayProxyEvent => {
  const event = fixture<APIGatewayProxyEvent>('apigw-request.json');
  const [pathname = '/', search = ''] = path.split('?');
  const query = new URLSearchParams(search);
  event.httpMethod = 'GET';
  event.path = pathname;
  event.resource = '/{proxy+}';
  event.pathParameters = { proxy: pathname.slice(1) };
  event.requestContext = { ...event.requestContext, httpMethod: 'GET', path: `/prod${pathname}` };
  event.queryStringParameters = search ? Object.fromEntries(query) : null;
  event.multiValueQueryStringParameters = search
    ? Object.fromEntries([...query.keys()].map((key) => [key, query.getAll(key)]))
    : null;
  event.body = null;
  return event;
};

const httpApiEvent = (path: string): APIGatewayProxyEventV2 => {
  const event = fixture<APIGatewayProxyEventV2>('apigw-v2-request-no-authorizer.json');
  event.rawPath = path;
  event.requestContext.http.path = path;
  return event;
};

// ---------------------------------------------------------------- warm, per invocation

type Handler = (event: never, context: never) => Promise<unknown>;
interface WarmCase {
  name: string;
  handler: Handler;
  event: unknown;
}

const ourDoor = (level: 'silent' | 'info'): LambdaHttpHandler => {
  const logger = createLambdaLogger({ level, write: () => undefined });
  const env = level === 'info' ? { ACCESS_LOG: 'all' } : {};
  return createHttpHandler(composeHttp(env, { store: stubStore(), logger }).api);
};

const rawHandler = async () => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json; charset=utf-8', etag: '"1"' },
  body: JSON.stringify(user),
  isBase64Encoded: false,
});

const fastifyHandler = async (): Promise<Handler> => {
  const app = Fastify();
  app.get('/users/:id', async (_request, reply) => reply.header('etag', '"1"').send(user));
  const proxy = awsLambdaFastify(app);
  await app.ready();
  return proxy as unknown as Handler;
};

const context = { awsRequestId: 'bench-0000' };

const timeRound = async ({ handler, event }: WarmCase, ms: number): Promise<number> => {
  const call = handler as (event: unknown, context: unknown) => Promise<unknown>;
  let calls = 0;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(ms * 1e6);
  let now = started;
  while (now < deadline) {
    for (let i = 0; i < 100; i += 1) await call(event, context);
    calls += 100;
    now = process.hrtime.bigint();
  }
  return Number(now - started) / calls / 1000;
};

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const expectStatus = async (name: string, handler: Handler, event: unknown, status: number) => {
  const call = handler as (event: unknown, context: unknown) => Promise<{ statusCode: number }>;
  const result = await call(event, context);
  if (result.statusCode !== status) {
    throw new Error(
      `${name} answered ${result.statusCode}, expected ${status}: ${JSON.stringify(result)}`,
    );
  }
};

const measureWarm = async () => {
  const path = `/users/${user.id}`;
  const cases: WarmCase[] = [
    { name: 'raw handler (same JSON)', handler: rawHandler, event: restEvent(path) },
    { name: 'ours, REST API event (v1)', handler: ourDoor('silent'), event: restEvent(path) },
    { name: 'ours, HTTP API event (v2)', handler: ourDoor('silent'), event: httpApiEvent(path) },
    { name: 'ours, v1, an access line each', handler: ourDoor('info'), event: restEvent(path) },
    {
      name: '@fastify/aws-lambda + Fastify',
      handler: await fastifyHandler(),
      event: restEvent(path),
    },
  ];
  for (const c of cases) await expectStatus(c.name, c.handler, c.event, 200);
  for (const c of cases) await timeRound(c, 200); // warm-up: JIT, inline caches
  const samples = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const c of cases) samples.get(c.name)!.push(await timeRound(c, ROUND_MS));
  }
  return cases.map((c) => ({ name: c.name, us: median(samples.get(c.name)!) }));
};

// ---------------------------------------------------------------- cold start

const BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/** The comparison handlers, bundled exactly like ours (esbuild, ESM, node22, minified). */
const buildComparison = async (name: string, source: string): Promise<string> => {
  const dir = join(DEFAULT_OUT_DIR, 'bench', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, 'index.mjs');
  await build({
    stdin: { contents: source, resolveDir: REPO_ROOT, loader: 'ts', sourcefile: `${name}.ts` },
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    mainFields: ['module', 'main'],
    minify: true,
    legalComments: 'none',
    external: ['@aws-sdk/*'],
    banner: { js: BANNER },
    logLevel: 'error',
  });
  return outfile;
};

const USER_JSON = JSON.stringify(user);
const RAW_SOURCE = `
const user = ${USER_JSON};
export const handler = async () => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json; charset=utf-8', etag: '"1"' },
  body: JSON.stringify(user),
  isBase64Encoded: false,
});`;
const FASTIFY_SOURCE = `
import awsLambdaFastify from '@fastify/aws-lambda';
import Fastify from 'fastify';
const user = ${USER_JSON};
const app = Fastify();
app.get('/users/:id', async (_request, reply) => reply.header('etag', '"1"').send(user));
export const handler = awsLambdaFastify(app);`;

/** Answers every DynamoDB call with `{}`: GetItem finds nothing. Loopback only. */
const fakeDynamoDb = async () => {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}`, close: () => server.close() };
};

interface ColdCase {
  name: string;
  bundle?: string;
  event?: unknown;
  status?: number;
}

const coldOnce = async (c: ColdCase, env: NodeJS.ProcessEnv): Promise<number> => {
  const args = c.bundle
    ? [
        '--input-type=module',
        '-e',
        `const { handler } = await import(${JSON.stringify(pathToFileURL(c.bundle).href)});
         const r = await handler(${JSON.stringify(c.event)}, { awsRequestId: 'cold' });
         if (r.statusCode !== ${c.status}) { console.error(JSON.stringify(r)); process.exit(3); }`,
      ]
    : ['-e', '0'];
  const started = process.hrtime.bigint();
  await run(process.execPath, args, { env, timeout: 30_000 });
  return Number(process.hrtime.bigint() - started) / 1e6;
};

const measureCold = async (httpBundle: string, inversifyBundle: string) => {
  const raw = await buildComparison('raw-handler', RAW_SOURCE);
  const fastify = await buildComparison('fastify-aws-lambda', FASTIFY_SOURCE);
  const dynamo = await fakeDynamoDb();
  const env = {
    PATH: process.env.PATH,
    TABLE_NAME: 'bench',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    LOG_LEVEL: 'info',
  };
  const userPath = `/users/${user.id}`;
  const cases: ColdCase[] = [
    { name: 'node -e 0 (node start-up)' },
    { name: 'raw handler', bundle: raw, event: restEvent(userPath), status: 200 },
    {
      name: 'ours: 404 route (no store, no schema)',
      bundle: httpBundle,
      event: restEvent('/no/such/route'),
      status: 404,
    },
    {
      name: 'ours: GET /users?limit=0 (zod, 400)',
      bundle: httpBundle,
      event: restEvent('/users?limit=0'),
      status: 400,
    },
    {
      name: 'ours: GET /users/{id} (loads SDK, reads DynamoDB)',
      bundle: httpBundle,
      event: restEvent(userPath),
      status: 404,
    },
    {
      name: 'ours in the server’s inversify container: 404 route',
      bundle: inversifyBundle,
      event: restEvent('/no/such/route'),
      status: 404,
    },
    {
      name: '@fastify/aws-lambda + Fastify',
      bundle: fastify,
      event: restEvent(userPath),
      status: 200,
    },
  ];
  const samples = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  try {
    for (const c of cases) await coldOnce(c, env); // file cache, and proof each answers
    for (let i = 0; i < COLD_RUNS; i += 1) {
      for (const c of cases) samples.get(c.name)!.push(await coldOnce(c, env));
    }
  } finally {
    dynamo.close();
  }
  const baseline = median(samples.get(cases[0]!.name)!);
  return {
    rows: cases.map((c) => {
      const ms = median(samples.get(c.name)!);
      return { name: c.name, ms, over: c.bundle ? ms - baseline : 0 };
    }),
    sizes: { raw: statSync(raw).size, fastify: statSync(fastify).size },
  };
};

// ---------------------------------------------------------------- report

const fixed = (value: number, digits: number) => value.toFixed(digits);

const built = await buildFunctions();
const http = built.find((fn) => fn.name === 'http')!;
const inversify = await bundleEntry(
  join(REPO_ROOT, 'test', 'bench', 'http-inversify.entry.ts'),
  join(DEFAULT_OUT_DIR, 'bench', 'http-inversify'),
);
const warm = await measureWarm();
const cold = await measureCold(join(http.dir, 'index.mjs'), join(inversify.dir, 'index.mjs'));

const rawUs = warm.find((row) => row.name.startsWith('raw'))!.us;
const oursUs = warm.find((row) => row.name === 'ours, REST API event (v1)')!.us;
const fastifyUs = warm.find((row) => row.name.startsWith('@fastify'))!.us;
const coldOurs = cold.rows.find((row) => row.name.startsWith('ours: 404'))!;

const warmTable = warm.map((row) => ({
  handler: row.name,
  'us/invocation': fixed(row.us, 2),
  'x raw': fixed(row.us / rawUs, 1),
}));
const coldTable = cold.rows.map((row) => ({
  'first event': row.name,
  'median ms': fixed(row.ms, 1),
  'over node': row.name.startsWith('node') ? '' : `+${fixed(row.over, 1)}`,
}));
const sizeTable = [
  ...built.map((fn) => ({
    bundle: `ours: ${fn.name}`,
    'loaded at cold start': kb(fn.entryBytes),
    'loaded on demand': kb(fn.chunkBytes),
    zip: kb(fn.zipBytes),
  })),
  {
    bundle: 'ours: http in the inversify container',
    'loaded at cold start': kb(inversify.entryBytes),
    'loaded on demand': kb(inversify.chunkBytes),
    zip: kb(inversify.zipBytes),
  },
  {
    bundle: 'raw handler',
    'loaded at cold start': kb(cold.sizes.raw),
    'loaded on demand': '',
    zip: '',
  },
  {
    bundle: '@fastify/aws-lambda + Fastify',
    'loaded at cold start': kb(cold.sizes.fastify),
    'loaded on demand': '',
    zip: '',
  },
];
const composition = bundleComposition(http).slice(0, 10);

console.log(
  `\nWarm, per invocation (median of ${ROUNDS} rounds of ${ROUND_MS} ms, GET /users/{id}):`,
);
console.table(warmTable);
console.log(
  `Cold start (median of ${COLD_RUNS} spawns: node, import the bundle, answer one event):`,
);
console.table(coldTable);
console.log('Bundles (minified ESM, node22; the AWS SDK is left to the runtime):');
console.table(sizeTable);
console.log('What the HTTP function loads at cold start, by input (esbuild metafile):');
console.table(composition.map((share) => ({ input: share.input, bytes: kb(share.bytes) })));

const targets = [
  [`warm: ours <= 2.5x raw`, oursUs / rawUs <= 2.5, `${fixed(oursUs / rawUs, 1)}x`],
  [
    `warm: >= 20x faster than @fastify/aws-lambda`,
    fastifyUs / oursUs >= 20,
    `${fixed(fastifyUs / oursUs, 0)}x`,
  ],
  [`cold: ours <= +40 ms over node`, coldOurs.over <= 40, `+${fixed(coldOurs.over, 1)} ms`],
  [`HTTP bundle < 250 KB at cold start`, http.entryBytes < 250 * 1024, kb(http.entryBytes)],
] as const;
console.log('Targets:');
for (const [name, met, value] of targets)
  console.log(`  ${met ? 'met   ' : 'MISSED'} ${name}: ${value}`);

const markdown = (rows: Record<string, string>[]) => {
  const columns = Object.keys(rows[0]!);
  return [
    `| ${columns.join(' | ')} |`,
    `| ${columns.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${columns.map((column) => row[column]).join(' | ')} |`),
  ].join('\n');
};
console.log('\nMarkdown:\n');
console.log(markdown(warmTable));
console.log();
console.log(markdown(coldTable));
console.log();
console.log(markdown(sizeTable));
