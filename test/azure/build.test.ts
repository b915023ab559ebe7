/**
 * The deployable folder, tested as the Azure Functions Node worker uses it: a fresh process
 * outside the repository (no node_modules to fall back on) provides the worker's built-in
 * `@azure/functions-core` the way the worker does (a `require` hook), loads package.json's
 * `main`, records what the app registers, then invokes the HTTP function through the
 * bundled library's own programming model with RPC-shaped requests, as the host sends them.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TableApiKeyStore } from '../../adapters/azure/tables/api-key-store.tables';
import { TableStore } from '../../adapters/azure/tables/table-store';
import { SystemClock } from '../../adapters/local/clock.system';
import { buildAzureFunctions } from '../../apps/azure-functions/build';
import { cronToNcrontab } from '../../apps/composition/cron/ncrontab';
import { scheduleDefinitions } from '../../apps/composition/schedules';
import { modules } from '../../apps/modules/modules';
import { ApiKeyService } from '../../domain/access/api-key-service';
import { type AzuriteInstance, startAzurite, uniqueName } from '../support/azurite';
import { NODE22_INSTALL_TIMEOUT, node22 } from '../support/node22';
import { tempDir } from '../support/temp-dir';

const HARNESS = `
import Module from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dir, requestsJson] = process.argv.slice(2);
const registered = [];
let model;
const core = {
  version: '3.10.1',
  hostVersion: '4.1037.0',
  setProgrammingModel: (value) => { model = value; },
  getProgrammingModel: () => model,
  registerFunction: (metadata, callback) => {
    registered.push({ metadata, callback });
    return { dispose() {} };
  },
  registerHook: () => ({ dispose() {} }),
  Disposable: class { dispose() {} },
};
const require = Module.prototype.require;
Module.prototype.require = function (id) {
  return id === '@azure/functions-core' ? core : require.apply(this, arguments);
};

const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
await import(pathToFileURL(join(dir, pkg.main)).href);

const invokeHttp = async (request, n) => {
  const { metadata, callback } = registered.find((r) => r.metadata.name === 'http');
  const [bindingName] = Object.entries(metadata.bindings).find(([, b]) => b.type === 'httpTrigger');
  const logs = [];
  const coreCtx = {
    invocationId: 'invocation-' + n,
    metadata,
    request: {
      inputData: [{ name: bindingName, data: { http: request } }],
      triggerMetadata: {},
    },
    state: undefined,
    log: (level, category, message) => logs.push({ level, category, message }),
  };
  const invocation = model.getInvocationModel(coreCtx);
  const { context, inputs } = await invocation.getArguments();
  const result = await invocation.invokeFunction(context, inputs, callback);
  const response = await invocation.getResponse(context, result);
  const http = response.returnValue.http;
  const body = http.body?.bytes ? Buffer.from(http.body.bytes).toString('utf8') : (http.body?.string ?? '');
  return { status: Number(http.statusCode), headers: http.headers, cookies: http.cookies, body, logs };
};

const responses = [];
let n = 0;
for (const request of JSON.parse(requestsJson)) {
  if (request.pathFrom !== undefined) {
    request.url += JSON.parse(responses[request.pathFrom].body).id;
    delete request.pathFrom;
  }
  responses.push(await invokeHttp(request, ++n));
}
process.stdout.write(JSON.stringify({
  node: process.version,
  model: model && { name: model.name, version: model.version },
  functions: registered.map((r) => r.metadata),
  responses,
}));
`;

interface Registration {
  name: string;
  bindings: Record<string, Record<string, unknown>>;
}
interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
  logs: { level: string; category: string; message: string }[];
}

/** What the app registers, sorted: its five doors and a timer per scheduled job. */
const SCHEDULES = scheduleDefinitions(modules, 'azure');
const FUNCTION_NAMES = [
  'domainEvents',
  'http',
  'lotteryDraws',
  'jobs',
  'objectCreated',
  'outboxRelay',
  ...SCHEDULES.map((job) => job.name),
].sort();

interface Outcome {
  node: string;
  model: { name: string };
  functions: Registration[];
  responses: Answer[];
}

/** vitest's Node, and Node 22, the runtime the Functions app is deployed on. */
const RUNTIMES = [
  {
    runtime: `Node ${process.versions.node} (runs vitest)`,
    major: process.versions.node.split('.')[0],
    node: async () => process.execPath,
  },
  { runtime: 'Node 22 (Azure Functions runtime)', major: '22', node: node22 },
];

const run = promisify(execFile);
let azurite: AzuriteInstance | undefined;
let dir: ReturnType<typeof tempDir>;
const nodes = new Map<string, Promise<string>>();
const outcomes = new Map<string, PromiseSettledResult<Outcome>>();

/** Runs the harness on `node`: loads the built app, then sends it `requests`. */
const loadApp = async (node: string, requests: unknown[], env: Record<string, string>) => {
  const { stdout } = await run(
    node,
    [join(dir.path, 'harness.mjs'), join(dir.path, 'app'), JSON.stringify(requests)],
    {
      cwd: dir.path,
      env: {
        PATH: process.env.PATH,
        AZURE_STORAGE_CONNECTION_STRING: azurite!.connectionString,
        ...env,
      },
      maxBuffer: 10 * 1024 * 1024,
    },
  );
  return JSON.parse(stdout) as Outcome;
};

beforeAll(async () => {
  dir = tempDir('azure-build-');
  writeFileSync(join(dir.path, 'harness.mjs'), HARNESS);
  for (const { runtime, node } of RUNTIMES) {
    const binary = node();
    binary.catch(() => undefined); // awaited below
    nodes.set(runtime, binary);
  }
  await Promise.all([
    startAzurite().then((started) => {
      azurite = started;
    }),
    buildAzureFunctions(join(dir.path, 'app')),
  ]);
  // The deployed app requires credentials (AUTH unset): a key is made in the app's own tables.
  const keyFor = async (tablePrefix: string) => {
    const tables = new TableStore({ connectionString: azurite!.connectionString, tablePrefix });
    await tables.ensureTables();
    const keys = new ApiKeyService(new TableApiKeyStore(tables), new SystemClock());
    return `Bearer ${(await keys.create('build test', 'writer')).key}`;
  };
  const requestsWith = (authorization: string) => {
    const email = `${uniqueName('built')}@example.com`;
    return [
      {
        method: 'POST',
        url: 'http://localhost:7071/users',
        headers: {
          'content-type': 'application/json',
          origin: 'https://app.example.com',
          authorization,
        },
        body: { string: JSON.stringify({ name: 'Built', email }) },
      },
      {
        method: 'GET',
        url: 'http://localhost:7071/users/',
        headers: { authorization },
        pathFrom: 0,
      },
      { method: 'GET', url: 'http://localhost:7071/health', headers: {} },
      { method: 'GET', url: 'http://localhost:7071/no/such/route', headers: {} },
      { method: 'GET', url: 'http://localhost:7071/inventory', headers: {} },
    ];
  };
  // Waits out a first install of Node 22; if it fails, that runtime's tests fail with its reason.
  const settled = await Promise.allSettled(
    RUNTIMES.map(async ({ runtime }) => {
      const prefix = uniqueName('built');
      return loadApp(await nodes.get(runtime)!, requestsWith(await keyFor(prefix)), {
        AZURE_TABLES_PREFIX: prefix,
        AZURE_EVENTS_QUEUE: uniqueName('events'),
        CORS_ORIGINS: 'https://app.example.com',
        LOG_LEVEL: 'info',
      });
    }),
  );
  for (const [i, { runtime }] of RUNTIMES.entries()) outcomes.set(runtime, settled[i]!);
}, NODE22_INSTALL_TIMEOUT);
afterAll(async () => {
  await azurite?.stop();
  dir?.remove();
});

describe('npm run build:azure output', () => {
  it('is a function app folder: host.json with no route prefix, package.json main, one bundle', () => {
    const app = join(dir.path, 'app');
    const host = JSON.parse(readFileSync(join(app, 'host.json'), 'utf8'));
    expect(host.version).toBe('2.0');
    expect(host.extensions.http.routePrefix).toBe('');
    expect(host.extensionBundle.id).toBe('Microsoft.Azure.Functions.ExtensionBundle');
    const pkg = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));
    expect(pkg.main).toBe('index.mjs');
    expect(pkg.dependencies).toEqual({});
    expect(existsSync(join(app, pkg.main))).toBe(true);
    // Only sharp (native) is beside the bundle, with its prebuilt linux-x64 binary.
    expect(readdirSync(join(app, 'node_modules')).sort()).toEqual([
      '@img',
      'detect-libc',
      'semver',
      'sharp',
    ]);
    expect(readdirSync(join(app, 'node_modules', '@img')).sort()).toEqual([
      'colour',
      'sharp-libvips-linux-x64',
      'sharp-linux-x64',
    ]);
  });

  it('ships a sharp that loads from the app folder alone and encodes a JPEG', async () => {
    const app = join(dir.path, 'app');
    const script = `
      import { createRequire } from 'node:module';
      const sharp = createRequire(${JSON.stringify(join(app, 'index.mjs'))})('sharp');
      const out = await sharp({ create: { width: 8, height: 4, channels: 3, background: 'red' } }).jpeg().toBuffer();
      const meta = await sharp(out).metadata();
      process.stdout.write(JSON.stringify([meta.format, meta.width, meta.height]));
    `;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: app,
      env: { PATH: process.env.PATH },
    });
    expect(JSON.parse(stdout)).toEqual(['jpeg', 8, 4]);
  });
});

describe.each(RUNTIMES)(
  'npm run build:azure output, loaded as the worker loads it on $runtime',
  ({ runtime, major }) => {
    const outcome = () => {
      const settled = outcomes.get(runtime)!;
      if (settled.status === 'rejected') throw settled.reason;
      return settled.value;
    };
    const fn = (name: string) => {
      const found = outcome().functions.find((f) => f.name === name);
      expect(found, `function ${name} registered`).toBeDefined();
      return Object.values(found!.bindings);
    };

    it('hands the worker the v4 programming model and registers its doors and a timer per schedule', () => {
      const { node, model, functions } = outcome();
      expect(node).toMatch(new RegExp(`^v${major}\\.`));
      expect(model.name).toBe('@azure/functions');
      expect(functions.map((f) => f.name).sort()).toEqual(FUNCTION_NAMES);
    });

    it('registers each function with its trigger and bindings', () => {
      expect(fn('http')).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            type: 'httpTrigger',
            direction: 'in',
            route: '{*path}',
            authLevel: 'anonymous',
            methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
          }),
          expect.objectContaining({ type: 'http', direction: 'out' }),
        ]),
      );
      expect(fn('domainEvents')).toEqual([
        expect.objectContaining({
          type: 'queueTrigger',
          direction: 'in',
          queueName: expect.stringMatching(/^events/),
          connection: 'AZURE_STORAGE_CONNECTION_STRING',
        }),
      ]);
      expect(fn('lotteryDraws')).toEqual([
        expect.objectContaining({
          type: 'queueTrigger',
          direction: 'in',
          queueName: 'lottery-draws',
          connection: 'AZURE_STORAGE_CONNECTION_STRING',
        }),
      ]);
      expect(fn('jobs')).toEqual([
        expect.objectContaining({
          type: 'queueTrigger',
          direction: 'in',
          queueName: 'jobs',
          connection: 'AZURE_STORAGE_CONNECTION_STRING',
        }),
      ]);
      expect(fn('objectCreated')).toEqual([
        expect.objectContaining({
          type: 'blobTrigger',
          direction: 'in',
          path: 'uploads/{name}',
          connection: 'AZURE_STORAGE_CONNECTION_STRING',
        }),
      ]);
      expect(fn('outboxRelay')).toEqual([
        expect.objectContaining({
          type: 'timerTrigger',
          direction: 'in',
          schedule: '0 */1 * * * *',
        }),
      ]);
      for (const { name, cron } of SCHEDULES) {
        expect(fn(name)).toEqual([
          expect.objectContaining({
            type: 'timerTrigger',
            direction: 'in',
            schedule: cronToNcrontab(cron),
          }),
        ]);
      }
      expect(cronToNcrontab('*/15 * * * *')).toBe('0 */15 * * * *');
    });

    it('registers objectCreated as an Event Grid trigger when AZURE_OBJECT_EVENTS=event-grid', async () => {
      const { functions } = await loadApp(await nodes.get(runtime)!, [], {
        AZURE_OBJECT_EVENTS: 'event-grid',
      });
      const created = functions.find((f) => f.name === 'objectCreated');
      expect(Object.values(created?.bindings ?? {})).toEqual([
        expect.objectContaining({ type: 'eventGridTrigger', direction: 'in' }),
      ]);
      expect(functions.map((f) => f.name).sort()).toEqual(FUNCTION_NAMES);
    });

    it('answers HTTP requests through the bundled door, with the invocation id as request id', () => {
      const [created, read, health, missing] = outcome().responses;
      expect(created!.status, created!.body).toBe(201);
      expect(created!.headers).toMatchObject({
        'x-request-id': 'invocation-1',
        etag: '"1"',
        'access-control-allow-origin': 'https://app.example.com',
      });
      const user = JSON.parse(created!.body);
      expect(created!.headers.location).toBe(`/users/${user.id}`);
      expect(read!.status).toBe(200);
      expect(JSON.parse(read!.body)).toEqual(user);
      expect(health!.status).toBe(200);
      expect(JSON.parse(health!.body).checks['azure-tables']).toEqual({ status: 'ok' });
      expect(missing!.status).toBe(404);
      expect(JSON.parse(missing!.body)).toMatchObject({
        error: { code: 'HTTP.ROUTE_NOT_FOUND' },
        requestId: 'invocation-4',
      });
    });

    it('requires a credential unless AUTH=off: the key made in its tables works, none is a 401', () => {
      const [, , , , anonymous] = outcome().responses;
      expect(anonymous!.status).toBe(401);
      expect(JSON.parse(anonymous!.body).error.code).toBe('AUTH.UNAUTHENTICATED');
    });

    it('logs through the invocation, as JSON lines carrying the invocation id', () => {
      const accessLines = (answer: Answer) =>
        answer.logs
          .filter((log) => log.category === 'user')
          .map((log) => JSON.parse(log.message))
          .filter((entry) => entry.msg === 'request completed');
      // ACCESS_LOG defaults to errors: the 200 on /health writes none, the 404 one.
      expect(accessLines(outcome().responses[2]!)).toEqual([]);
      expect(accessLines(outcome().responses[3]!)).toEqual([
        expect.objectContaining({
          invocationId: 'invocation-4',
          requestId: 'invocation-4',
          path: '/no/such/route',
          status: 404,
        }),
      ]);
    });
  },
);
