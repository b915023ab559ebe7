/**
 * Azure Functions benchmark (`npm run bench:azure`): warm cost per invocation of our HTTP
 * door against a raw v4 handler returning the same JSON, and, in the same run and process,
 * the Lambda door against its raw handler, so the two platforms' figures sit side by side.
 *
 * Every Azure invocation takes the path the Node worker takes: the request is turned into the
 * library's HttpRequest and InvocationContext, the handler runs, and the result goes back
 * through HttpResponse, whose headers and body bytes the worker reads for the host. That
 * conversion is the platform's share and is paid by both handlers alike; what separates them
 * is our door (translation, routing, zod, the domain call, error table, headers). All answer
 * GET /users/{id}; our store is a stub answering the constant user the raw handlers return.
 * Logging is off except in the row that says LOG_LEVEL=info (ACCESS_LOG=all: a line per request,
 * sent to a discarded sink).
 *
 * Prints the table, then the same as Markdown for the README.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// Under plain ESM the library's classes are on its default export (it is CommonJS).
import functions from '@azure/functions';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { createHttpHandler } from '../../adapters/aws/lambda/http/http-handler';
import { azureHttpHandler } from '../../adapters/azure/functions/http-door';
import { InvocationLogger, type LogLevel } from '../../adapters/azure/functions/invocation-logger';
import { buildHttpApi } from '../../adapters/http/build-api';
import { ManualClock } from '../../adapters/memory/clock.memory';
import { SequentialIdGenerator } from '../../adapters/memory/id-generator.memory';
import { MemoryNotifier } from '../../adapters/memory/notifier.memory';
import { composeHttp } from '../../apps/aws-lambda/http-composition';
import { createLambdaLogger } from '../../apps/aws-lambda/lambda-logger';
import { buildAzureFunctions } from '../../apps/azure-functions/build';
import { composeModules } from '../../apps/composition/compose-modules';
import { modules } from '../../apps/modules/modules';
import type { ObjectStore } from '../../ports/object-store.port';
import { refusing, stubStore, benchUser as user } from './stub-store';

const ROUNDS = 5;
const ROUND_MS = 400;
const REPO_ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'aws-events');

const PATH = `/users/${user.id}`;
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', etag: '"1"' };

// ---------------------------------------------------------------- Azure, the worker's path

type AzureHandler = functions.HttpHandler;

/**
 * One invocation as the Node worker runs it (the library's InvocationModel, which the package
 * does not export, does exactly this with these public classes): the RPC request becomes an
 * HttpRequest and an InvocationContext, the handler runs, its result becomes an HttpResponse
 * whose status, headers and body bytes are read into the RPC response (toRpcHttp).
 */
const workerInvoker = (handler: AzureHandler) => {
  const trigger = functions.trigger.http({ route: '{*path}', methods: ['GET'] });
  let n = 0;
  return async (): Promise<number> => {
    n += 1;
    const request = new functions.HttpRequest({
      method: 'GET',
      url: `https://bench.azurewebsites.net${PATH}`,
      headers: {},
    });
    const context = new functions.InvocationContext({
      invocationId: `bench-${n}`,
      functionName: 'http',
      logHandler: () => undefined,
      options: { trigger },
    });
    const result = await handler(request, context);
    const response =
      result instanceof functions.HttpResponse
        ? result
        : new functions.HttpResponse(result as functions.HttpResponseInit);
    const headers: Record<string, string> = {};
    for (const [name, value] of response.headers) headers[name] = value;
    await response.arrayBuffer();
    return response.status;
  };
};

const rawAzure: AzureHandler = async () => ({
  status: 200,
  headers: JSON_HEADERS,
  body: JSON.stringify(user),
});

/** The Azure app's HTTP door over every module, as composeAzureFunctions builds it, on the stub store. */
const ourAzure = (level: LogLevel): AzureHandler => {
  const logger = new InvocationLogger(level);
  const store = stubStore();
  const composed = composeModules(
    modules,
    {
      clock: new ManualClock(),
      ids: new SequentialIdGenerator(),
      logger,
      objects: refusing<ObjectStore>(),
      notifier: new MemoryNotifier(),
    },
    { storesOf: (module) => store.storesOf(module) },
  );
  const api = buildHttpApi(
    { routes: composed.routes, errors: composed.errors, healthChecks: [] },
    { logger, accessLog: 'all' },
  );
  return azureHttpHandler(api);
};

// ---------------------------------------------------------------- Lambda, beside it

const lambdaEvent = (): APIGatewayProxyEvent => {
  const event = JSON.parse(
    readFileSync(join(FIXTURES, 'apigw-request.json'), 'utf8'),
  ) as APIGatewayProxyEvent;
  event.httpMethod = 'GET';
  event.path = PATH;
  event.resource = '/{proxy+}';
  event.pathParameters = { proxy: PATH.slice(1) };
  event.requestContext = { ...event.requestContext, httpMethod: 'GET', path: `/prod${PATH}` };
  event.queryStringParameters = null;
  event.multiValueQueryStringParameters = null;
  event.body = null;
  return event;
};

const lambdaInvoker = (handler: (event: never, context: never) => Promise<unknown>) => {
  const event = lambdaEvent();
  const context = { awsRequestId: 'bench-0000' };
  const call = handler as (event: unknown, context: unknown) => Promise<{ statusCode: number }>;
  return async () => (await call(event, context)).statusCode;
};

const ourLambda = () => {
  const logger = createLambdaLogger({ level: 'silent', write: () => undefined });
  return createHttpHandler(composeHttp({}, { store: stubStore(), logger }).api);
};

const rawLambda = async () => ({
  statusCode: 200,
  headers: JSON_HEADERS,
  body: JSON.stringify(user),
  isBase64Encoded: false,
});

// ---------------------------------------------------------------- measure

interface Case {
  platform: 'Azure Functions' | 'AWS Lambda';
  name: string;
  invoke: () => Promise<number>;
}

const timeRound = async (invoke: () => Promise<number>, ms: number): Promise<number> => {
  let calls = 0;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(ms * 1e6);
  let now = started;
  while (now < deadline) {
    for (let i = 0; i < 100; i += 1) await invoke();
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

const cases: Case[] = [
  {
    platform: 'Azure Functions',
    name: 'raw v4 handler (same JSON)',
    invoke: workerInvoker(rawAzure),
  },
  {
    platform: 'Azure Functions',
    name: 'ours (HTTP door)',
    invoke: workerInvoker(ourAzure('silent')),
  },
  {
    platform: 'Azure Functions',
    name: 'ours, LOG_LEVEL=info',
    invoke: workerInvoker(ourAzure('info')),
  },
  { platform: 'AWS Lambda', name: 'raw handler (same JSON)', invoke: lambdaInvoker(rawLambda) },
  { platform: 'AWS Lambda', name: 'ours, REST API event (v1)', invoke: lambdaInvoker(ourLambda()) },
];

for (const c of cases) {
  const status = await c.invoke();
  if (status !== 200) throw new Error(`${c.platform} ${c.name} answered ${status}, expected 200`);
}
for (const c of cases) await timeRound(c.invoke, 200); // warm-up: JIT, inline caches
const samples = new Map<Case, number[]>(cases.map((c) => [c, []]));
for (let round = 0; round < ROUNDS; round += 1) {
  for (const c of cases) samples.get(c)!.push(await timeRound(c.invoke, ROUND_MS));
}
const bundleDir = mkdtempSync(join(tmpdir(), 'azure-bench-'));
const built = await buildAzureFunctions(bundleDir);
rmSync(bundleDir, { recursive: true, force: true });

// ---------------------------------------------------------------- report

const us = (c: Case) => median(samples.get(c)!);
const rawOf = (platform: Case['platform']) => us(cases.find((c) => c.platform === platform)!);
const table = cases.map((c) => ({
  platform: c.platform,
  handler: c.name,
  'us/invocation': us(c).toFixed(2),
  'x raw': (us(c) / rawOf(c.platform)).toFixed(1),
  'ours - raw (us)': c.name.startsWith('raw') ? '' : `+${(us(c) - rawOf(c.platform)).toFixed(2)}`,
}));

console.log(
  `\nWarm, per invocation (median of ${ROUNDS} rounds of ${ROUND_MS} ms, GET /users/{id}, ${process.version}):`,
);
console.log(
  'Azure rows include the worker path: HttpRequest + InvocationContext -> handler -> HttpResponse -> bytes.',
);
console.table(table);
console.log(
  `Azure bundle (npm run build:azure): index.mjs ${(built.bundleBytes / 1024).toFixed(0)} KiB, every dependency inside.`,
);

const columns = Object.keys(table[0]!) as (keyof (typeof table)[number])[];
console.log('\nMarkdown:\n');
console.log(
  [
    `| ${columns.join(' | ')} |`,
    `| ${columns.map(() => '---').join(' | ')} |`,
    ...table.map((row) => `| ${columns.map((column) => row[column]).join(' | ')} |`),
  ].join('\n'),
);
