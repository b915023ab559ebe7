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
 * 2. Cold start: spawn node, import a built bundle, answer the first event, exit; the median
 *    of COLD_RUNS per case (and the quartiles), the cases interleaved so machine noise spreads
 *    evenly, compared with `node -e 0`. Our bundle is the one `npm run build:aws` ships. The
 *    cases that read data answer GET /users/{id} with 200 and the user from a table on dynalite
 *    (in this process, on loopback), as a user's first request would: the SDK's import, the
 *    client's set-up, signing with the static keys in the environment (on Lambda the role's
 *    keys are in the same variables) and one round trip are all paid. Beside it:
 *    @fastify/aws-lambda over a Fastify app reading the same user through our DynamoDB
 *    repository, bundled as ours is; and variants of ours, each built here like a function:
 *    the AWS SDK left to the runtime's copy (the packaging before), the DynamoDB client built
 *    during init, --enable-source-maps (as deployed), the server's inversify container; then
 *    the stream function's init (the EventBridge and DynamoDB clients at module scope).
 *    COLD_NODE=22 runs them on the pinned Node 22 (test/support/node22.ts), the runtime the
 *    functions ship to; by default they run on the Node running this script.
 * 3. Bundle sizes, what a first GET /users/{id} loads on demand, and what the HTTP function's
 *    cold start loads, by input (esbuild metafile).
 *
 * Prints the tables, then the same as Markdown for the README.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';
import { openDynamoDbTable } from '../../adapters/aws/dynamodb/dynamodb-store';
import { DynamoDbUserRepository } from '../../adapters/aws/dynamodb/user-repository.dynamodb';
import {
  createHttpHandler,
  type LambdaHttpHandler,
} from '../../adapters/aws/lambda/http/http-handler';
import {
  type AwsSdkPackaging,
  buildFunctions,
  bundleComposition,
  bundleEntry,
  DEFAULT_OUT_DIR,
  eagerOutputs,
  kb,
  REPO_ROOT,
  staticallyLoaded,
} from '../../apps/aws-lambda/bundle';
import { composeHttp } from '../../apps/aws-lambda/http-composition';
import { createLambdaLogger } from '../../apps/aws-lambda/lambda-logger';
import { startDynalite } from '../support/dynalite';
import { node22 } from '../support/node22';
import { handler as fastifyHandler } from './fastify.entry';
import { handler as rawHandler } from './raw-handler.entry';
import { stubStore, benchUser as user } from './stub-store';

const run = promisify(execFile);
const ROUNDS = 5;
const ROUND_MS = 400;
const COLD_RUNS = Number(process.env.COLD_RUNS ?? 15);
/** COLD_NODE=22: the cold starts on the pinned Node 22 (Lambda's runtime) rather than this Node. */
const COLD_NODE = process.env.COLD_NODE === '22' ? await node22() : process.execPath;
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
      handler: fastifyHandler as unknown as Handler,
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

/** A test/bench/<name>.entry.ts bundled as our functions are (bundleEntry), the SDK as given. */
const benchBundle = (name: string, awsSdk: AwsSdkPackaging = 'bundled') =>
  bundleEntry(
    join(REPO_ROOT, 'test', 'bench', `${name}.entry.ts`),
    join(DEFAULT_OUT_DIR, 'bench', awsSdk === 'bundled' ? name : `${name}-sdk-from-runtime`),
    awsSdk,
  );

const indexOf = (built: { dir: string }) => join(built.dir, 'index.mjs');

/** dynalite on loopback with a table holding the bench user, as a deployed function would find it. */
const tableWithUser = async () => {
  // The SDK warns once per process on Node 20; the figures are the bench's output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const dynalite = await startDynalite();
  const tableName = await dynalite.newTable();
  // dynalite has no TransactWriteItems: the repository's sequential writer puts the two items.
  const table = openDynamoDbTable({
    client: dynalite.clients.doc,
    tableName,
    transactions: 'sequential',
  });
  await new DynamoDbUserRepository(table).insert(user, []);
  return {
    env: {
      ...dynalite.env,
      AWS_ENDPOINT_URL_DYNAMODB: dynalite.env.AWS_ENDPOINT_URL!,
      TABLE_NAME: tableName,
    },
    close: () => dynalite.close(),
  };
};

interface ColdCase {
  name: string;
  /** The built index.mjs; none for `node -e 0`. */
  bundle?: string;
  /** None: the import alone (a function's init). */
  event?: unknown;
  status?: number;
  /** What the body must hold: the user read from the table. */
  body?: string;
  nodeOptions?: string[];
}

const coldOnce = async (c: ColdCase, env: NodeJS.ProcessEnv): Promise<number> => {
  const answer = `const r = await handler(${JSON.stringify(c.event)}, { awsRequestId: 'cold' });
    if (r.statusCode !== ${c.status} || !String(r.body).includes(${JSON.stringify(c.body ?? '')})) {
      console.error(JSON.stringify(r)); process.exit(3);
    }`;
  const args = c.bundle
    ? [
        ...(c.nodeOptions ?? []),
        '--input-type=module',
        '-e',
        `const { handler } = await import(${JSON.stringify(pathToFileURL(c.bundle).href)});
         ${c.event === undefined ? '' : answer}`,
      ]
    : ['-e', '0'];
  const started = process.hrtime.bigint();
  await run(COLD_NODE, args, { env, timeout: 30_000 });
  return Number(process.hrtime.bigint() - started) / 1e6;
};

const quantile = (values: number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.round((sorted.length - 1) * q)]!;
};

/** Every bundle the cold cases load, built first so no case waits on esbuild. */
const buildColdBundles = async () => {
  const [shipped, sdkFromRuntime] = await Promise.all([
    buildFunctions(),
    buildFunctions({
      outDir: join(DEFAULT_OUT_DIR, 'bench', 'sdk-from-runtime'),
      functions: ['http', 'dynamodb-stream'],
      awsSdk: 'runtime',
    }),
  ]);
  const [raw, fastify, fastifyDynamoDb, fastifyDynamoDbRuntime, atInit, atInitRuntime, inversify] =
    await Promise.all([
      benchBundle('raw-handler'),
      benchBundle('fastify'),
      benchBundle('fastify-dynamodb'),
      benchBundle('fastify-dynamodb', 'runtime'),
      benchBundle('http-client-at-init'),
      benchBundle('http-client-at-init', 'runtime'),
      benchBundle('http-inversify'),
    ]);
  const named = (list: typeof shipped, name: string) => list.find((fn) => fn.name === name)!;
  return {
    shipped,
    http: named(shipped, 'http'),
    stream: named(shipped, 'dynamodb-stream'),
    httpRuntime: named(sdkFromRuntime, 'http'),
    streamRuntime: named(sdkFromRuntime, 'dynamodb-stream'),
    raw,
    fastify,
    fastifyDynamoDb,
    fastifyDynamoDbRuntime,
    atInit,
    atInitRuntime,
    inversify,
  };
};
type ColdBundles = Awaited<ReturnType<typeof buildColdBundles>>;

const DATA = `GET /users/{id} (first data request: 200 from the table)`;
const NOT_FOUND = '404 route (no store, no schema)';

const measureCold = async (bundles: ColdBundles) => {
  const store = await tableWithUser();
  const env = {
    PATH: process.env.PATH,
    ...store.env,
    EVENT_BUS_NAME: 'bench',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    LOG_LEVEL: 'info',
  };
  const userPath = `/users/${user.id}`;
  const data = { event: restEvent(userPath), status: 200, body: user.id };
  const notFound = { event: restEvent('/no/such/route'), status: 404 };
  const sourceMaps = { nodeOptions: ['--enable-source-maps'] };
  const ours = indexOf(bundles.http);
  const cases: ColdCase[] = [
    { name: 'node -e 0 (node start-up)' },
    { name: 'raw handler', bundle: indexOf(bundles.raw), event: restEvent(userPath), status: 200 },
    { name: `ours: ${NOT_FOUND}`, bundle: ours, ...notFound },
    {
      name: 'ours: GET /users?limit=0 (zod, 400)',
      bundle: ours,
      event: restEvent('/users?limit=0'),
      status: 400,
    },
    { name: `ours: ${DATA}`, bundle: ours, ...data },
    {
      name: `ours, SDK from the runtime: ${NOT_FOUND}`,
      bundle: indexOf(bundles.httpRuntime),
      ...notFound,
    },
    { name: `ours, SDK from the runtime: ${DATA}`, bundle: indexOf(bundles.httpRuntime), ...data },
    {
      name: `ours, client built at init: ${NOT_FOUND}`,
      bundle: indexOf(bundles.atInit),
      ...notFound,
    },
    { name: `ours, client built at init: ${DATA}`, bundle: indexOf(bundles.atInit), ...data },
    {
      name: `ours, client built at init, SDK from the runtime: ${NOT_FOUND}`,
      bundle: indexOf(bundles.atInitRuntime),
      ...notFound,
    },
    {
      name: `ours, client built at init, SDK from the runtime: ${DATA}`,
      bundle: indexOf(bundles.atInitRuntime),
      ...data,
    },
    {
      name: `ours, --enable-source-maps (as deployed): ${NOT_FOUND}`,
      bundle: ours,
      ...notFound,
      ...sourceMaps,
    },
    {
      name: `ours, --enable-source-maps (as deployed): ${DATA}`,
      bundle: ours,
      ...data,
      ...sourceMaps,
    },
    {
      name: `ours in the server’s inversify container: ${NOT_FOUND}`,
      bundle: indexOf(bundles.inversify),
      ...notFound,
    },
    {
      name: '@fastify/aws-lambda + Fastify (constant user, no store)',
      bundle: indexOf(bundles.fastify),
      event: restEvent(userPath),
      status: 200,
    },
    {
      name: `@fastify/aws-lambda + Fastify over our DynamoDB repository: ${DATA}`,
      bundle: indexOf(bundles.fastifyDynamoDb),
      ...data,
    },
    {
      name: `@fastify/aws-lambda + Fastify over our DynamoDB repository, SDK from the runtime: ${DATA}`,
      bundle: indexOf(bundles.fastifyDynamoDbRuntime),
      ...data,
    },
    {
      name: 'ours: dynamodb-stream init (EventBridge and DynamoDB clients)',
      bundle: indexOf(bundles.stream),
    },
    {
      name: 'ours, SDK from the runtime: dynamodb-stream init',
      bundle: indexOf(bundles.streamRuntime),
    },
  ];
  const samples = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  try {
    for (const c of cases) await coldOnce(c, env); // file cache, and proof each answers
    for (let i = 0; i < COLD_RUNS; i += 1) {
      for (const c of cases) samples.get(c.name)!.push(await coldOnce(c, env));
    }
  } finally {
    await store.close();
  }
  const baseline = median(samples.get(cases[0]!.name)!);
  return cases.map((c) => {
    const values = samples.get(c.name)!;
    return {
      name: c.name,
      ms: median(values),
      over: c.bundle ? median(values) - baseline : 0,
      q1: quantile(values, 0.25),
      q3: quantile(values, 0.75),
    };
  });
};

// ---------------------------------------------------------------- report

const fixed = (value: number, digits: number) => value.toFixed(digits);

const bundles = await buildColdBundles();
const { http } = bundles;
const warm = await measureWarm();
const cold = await measureCold(bundles);

const rawUs = warm.find((row) => row.name.startsWith('raw'))!.us;
const oursUs = warm.find((row) => row.name === 'ours, REST API event (v1)')!.us;
const fastifyUs = warm.find((row) => row.name.startsWith('@fastify'))!.us;
const coldRow = (name: string) => cold.find((row) => row.name === name)!;
const cold404 = coldRow(`ours: ${NOT_FOUND}`);
const coldData = coldRow(`ours: ${DATA}`);
const fastifyData = coldRow(`@fastify/aws-lambda + Fastify over our DynamoDB repository: ${DATA}`);

const warmTable = warm.map((row) => ({
  handler: row.name,
  'us/invocation': fixed(row.us, 2),
  'x raw': fixed(row.us / rawUs, 1),
}));
const coldTable = cold.map((row) => ({
  'first event': row.name,
  'median ms': fixed(row.ms, 1),
  quartiles: `${fixed(row.q1, 1)}-${fixed(row.q3, 1)}`,
  'over node': row.name.startsWith('node') ? '' : `+${fixed(row.over, 1)}`,
}));
const sizeRow = (
  bundle: string,
  built: { entryBytes: number; chunkBytes: number; zipBytes: number },
) => ({
  bundle,
  'loaded at cold start': kb(built.entryBytes),
  'loaded on demand': kb(built.chunkBytes),
  zip: kb(built.zipBytes),
});
const sizeTable = [
  ...bundles.shipped.map((fn) => sizeRow(`ours: ${fn.name}`, fn)),
  sizeRow('ours, SDK from the runtime: http', bundles.httpRuntime),
  sizeRow('ours, SDK from the runtime: dynamodb-stream', bundles.streamRuntime),
  sizeRow('ours, client built at init: http', bundles.atInit),
  sizeRow('ours: http in the inversify container', bundles.inversify),
  sizeRow('raw handler', bundles.raw),
  sizeRow('@fastify/aws-lambda + Fastify (no store)', bundles.fastify),
  sizeRow('@fastify/aws-lambda + Fastify over our DynamoDB repository', bundles.fastifyDynamoDb),
  sizeRow('the same, SDK from the runtime', bundles.fastifyDynamoDbRuntime),
];
const composition = bundleComposition(http).slice(0, 10);

/**
 * What a first GET /users/{id} loads beyond the cold start's: the chunks of the users slice, the
 * DynamoDB client and the table, and every chunk they import (the SDK among them).
 */
const firstReadBytes = (() => {
  const { outputs } = http.metafile;
  const roots = Object.keys(outputs).filter((file) =>
    /(users\.dynamodb|dynamodb\/clients|dynamodb\/dynamodb-store)\.ts$/.test(
      outputs[file]!.entryPoint ?? '',
    ),
  );
  const eager = eagerOutputs(http.metafile);
  let bytes = 0;
  for (const file of staticallyLoaded(http.metafile, roots)) {
    if (file.endsWith('.mjs') && !eager.has(file)) bytes += outputs[file]!.bytes;
  }
  return bytes;
})();

console.log(
  `\nWarm, per invocation (median of ${ROUNDS} rounds of ${ROUND_MS} ms, GET /users/{id}):`,
);
console.table(warmTable);
console.log(
  `Cold start on Node ${(await run(COLD_NODE, ['-p', 'process.version'])).stdout.trim()} (median and quartiles of ${COLD_RUNS} spawns: node, import the bundle, answer one event):`,
);
console.table(coldTable);
console.log('Bundles (minified ESM, node22, the AWS SDK bundled unless the row says otherwise):');
console.table(sizeTable);
console.log(
  `A first GET /users/{id} loads ${kb(firstReadBytes)} of those on demand (the users slice, the DynamoDB client, the SDK under them).`,
);
console.log('What the HTTP function loads at cold start, by input (esbuild metafile):');
console.table(composition.map((share) => ({ input: share.input, bytes: kb(share.bytes) })));

const targets = [
  [`warm: ours <= 2.5x raw`, oursUs / rawUs <= 2.5, `${fixed(oursUs / rawUs, 1)}x`],
  [
    `warm: >= 20x faster than @fastify/aws-lambda`,
    fastifyUs / oursUs >= 20,
    `${fixed(fastifyUs / oursUs, 0)}x`,
  ],
  [`cold, 404: ours <= +40 ms over node`, cold404.over <= 40, `+${fixed(cold404.over, 1)} ms`],
  [
    `cold, first data request: ours <= +70 ms over node`,
    coldData.over <= 70,
    `+${fixed(coldData.over, 1)} ms`,
  ],
  [
    `cold, first data request: ours ahead of @fastify/aws-lambda over the same store`,
    coldData.ms < fastifyData.ms,
    `+${fixed(coldData.over, 1)} ms against +${fixed(fastifyData.over, 1)} ms`,
  ],
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
