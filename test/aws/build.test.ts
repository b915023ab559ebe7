import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbApiKeyStore } from '../../adapters/aws/dynamodb/api-key-store.dynamodb';
import { openDynamoDbTable } from '../../adapters/aws/dynamodb/dynamodb-store';
import { SystemClock } from '../../adapters/local/clock.system';
import {
  type BuiltFunction,
  buildFunctions,
  eagerOutputs,
  FUNCTIONS,
  type FunctionName,
  REPO_ROOT,
} from '../../apps/aws-lambda/bundle';
import { modules } from '../../apps/modules/modules';
import { ApiKeyService } from '../../domain/access/api-key-service';
import type { DoorRequest } from '../http/http-scenario';
import { fromResult, s3EventFor, scheduledEvent, toV1Event } from '../support/doors';
import { type Dynalite, startDynalite } from '../support/dynalite';
import { NODE22_INSTALL_TIMEOUT, node22 } from '../support/node22';
import { S3RVER_CREDENTIALS, type S3rverInstance, startS3rver } from '../support/s3rver';

const V2 = JSON.parse(
  readFileSync(
    join(REPO_ROOT, 'test', 'fixtures', 'aws-events', 'apigw-v2-request-no-authorizer.json'),
    'utf8',
  ),
);

/** The entries of a zip, read from its central directory (APPNOTE.TXT §4.3.12, §4.3.16). */
const readZip = (file: string): Map<string, Buffer> => {
  const zip = readFileSync(file);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = new Map<string, Buffer>();
  for (let i = 0; i < count; i += 1) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const local = zip.readUInt32LE(at + 42);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + size);
    entries.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 46 + skip;
  }
  return entries;
};

/** Settings the stack gives the functions; the DynamoDB endpoint is a closed loopback port. */
const FUNCTION_ENV = {
  TABLE_NAME: 'one-core-test',
  EVENT_BUS_NAME: 'one-core-test',
  TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:one-core-test',
  BUCKET_NAME: 'one-core-test',
  CORS_ORIGINS: 'https://app.example.com',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  // The deployed function requires credentials; these tests are about other things, and one
  // below runs it with AUTH unset ('' counts as unset) to see it require them.
  AUTH: 'off',
};

/**
 * One execution environment: a fresh `node` imports a built bundle (the init phase) and then
 * hands its handler each event sent on stdin, one at a time, as Lambda reuses a warm
 * environment: the first invocation is `cold-1`, the next `warm-2`... A handler that throws is
 * reported as `error`, as Lambda's runtime would, rather than ending the process.
 */
const HOST = (bundle: string) => `
  import { createInterface } from 'node:readline';
  const { handler } = await import(${JSON.stringify(pathToFileURL(bundle).href)});
  const say = (tag, value) => process.stdout.write(tag + ' ' + JSON.stringify(value) + '\\n');
  say('READY', [process.version, typeof handler]);
  let n = 0;
  for await (const line of createInterface({ input: process.stdin })) {
    n += 1;
    const context = { awsRequestId: n === 1 ? 'cold-1' : 'warm-' + n };
    try {
      say('RESULT', { result: await handler(JSON.parse(line), context) });
    } catch (error) {
      say('RESULT', { error: String(error?.stack ?? error) });
    }
  }
`;

interface Invocation {
  // biome-ignore lint/suspicious/noExplicitAny: results are asserted field by field
  result: any;
  /** What the handler threw, with its stack. */
  error?: string;
  /** The lines the function logged during this invocation. */
  logs: string[];
}

/**
 * Starts a built bundle in its own execution environment with FUNCTION_ENV and `env` over it;
 * resolves once its init phase is done, or rejects with what it wrote on stderr.
 */
const startFunction = async (node: string, bundle: string, env: Record<string, string> = {}) => {
  const child = spawn(node, ['--input-type=module', '-e', HOST(bundle)], {
    env: { PATH: process.env.PATH, ...FUNCTION_ENV, ...env },
    timeout: 15_000,
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = once(child, 'close');
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  /** Lines up to the next `tag` line, and what that line carries. */
  const upTo = async (tag: string) => {
    const logs: string[] = [];
    for (;;) {
      const { value, done } = await lines.next();
      if (done) {
        await exited;
        throw new Error(`${bundle} exited before ${tag} (code ${child.exitCode}):\n${stderr}`);
      }
      if (value.startsWith(`${tag} `))
        return { said: JSON.parse(value.slice(tag.length + 1)), logs };
      logs.push(value);
    }
  };
  const ready = await upTo('READY');
  const [version, handlerType] = ready.said as [string, string];
  return {
    version,
    handlerType,
    initLogs: ready.logs,
    async invoke(event: unknown): Promise<Invocation> {
      child.stdin.write(`${JSON.stringify(event)}\n`);
      const { said, logs } = await upTo('RESULT');
      return { ...said, logs };
    },
    /** Ends the environment; rejects if it did not exit cleanly. */
    async close() {
      child.stdin.end();
      const [code] = await exited;
      if (code !== 0) throw new Error(`${bundle} exited with ${code}:\n${stderr}`);
    },
  };
};

type RunningFunction = Awaited<ReturnType<typeof startFunction>>;

/** Runs `use` on a bundle started with `env`, then ends it whatever happened. */
const withFunction = async <T>(
  node: string,
  bundle: string,
  env: Record<string, string>,
  use: (fn: RunningFunction) => Promise<T>,
): Promise<T> => {
  const fn = await startFunction(node, bundle, env);
  try {
    return await use(fn);
  } finally {
    await fn.close();
  }
};

/** A cold start that handles `event`, or only reports its handler's type without one. */
const invoke = (node: string, bundle: string, event?: unknown) =>
  withFunction(node, bundle, {}, async (fn) =>
    event === undefined
      ? { version: fn.version, result: fn.handlerType, logs: fn.initLogs }
      : { version: fn.version, ...(await fn.invoke(event)) },
  );

/**
 * The Node running vitest, and Node 22, the Lambda runtime the stack deploys (NODEJS_22_X):
 * what ships is proven on the runtime it ships to.
 */
const RUNTIMES = [
  {
    runtime: `Node ${process.versions.node} (runs vitest)`,
    major: process.versions.node.split('.')[0],
    node: async () => process.execPath,
  },
  { runtime: 'Node 22 (Lambda NODEJS_22_X)', major: '22', node: node22 },
];

describe('npm run build:aws', () => {
  let outDir = '';
  let built: BuiltFunction[];
  let dynalite: Dynalite;
  let s3: S3rverInstance;
  const bundle = (name: FunctionName) =>
    join(built.find((fn) => fn.name === name)!.dir, 'index.mjs');

  /** Every input esbuild put in a function's outputs, loaded at cold start or on demand. */
  const inputsOf = (fn: BuiltFunction) =>
    Object.values(fn.metafile.outputs).flatMap((output) => Object.keys(output.inputs));
  /** The input files a function's cold start loads (eagerOutputs). */
  const coldStartInputsOf = (fn: BuiltFunction) =>
    [...eagerOutputs(fn.metafile)].flatMap((file) =>
      Object.keys(fn.metafile.outputs[file]!.inputs),
    );
  const SDK_INPUT = /node_modules\/(@aws-sdk|@smithy)\//;

  beforeAll(async () => {
    // Outside the repo: no node_modules above the bundles, as on Lambda, so anything they
    // failed to carry would fail to load.
    outDir = mkdtempSync(join(tmpdir(), 'build-test-'));
    [built, dynalite, s3] = await Promise.all([
      buildFunctions({ outDir }),
      startDynalite(),
      startS3rver(FUNCTION_ENV.BUCKET_NAME),
    ]);
  });
  afterAll(async () => {
    rmSync(outDir, { recursive: true, force: true });
    await dynalite?.close();
    await s3?.stop();
  });

  it('zips every function with index.mjs at the root, the very bundle built', () => {
    expect(built.map((fn) => fn.name).sort()).toEqual([...FUNCTIONS].sort());
    for (const fn of built) {
      const entries = readZip(fn.zip);
      expect(entries.get('index.mjs')?.equals(readFileSync(join(fn.dir, 'index.mjs')))).toBe(true);
      expect(entries.has('index.mjs.map')).toBe(true);
      for (const name of entries.keys())
        expect(name).toMatch(/^(index\.mjs(\.map)?|chunks\/[\w.-]+\.mjs(\.map)?)$/);
    }
  });

  it('carries the DynamoDB store slices only: no SQLite, Table Storage or memory adapter', () => {
    for (const fn of built) {
      const inputs = inputsOf(fn);
      const foreign = inputs.filter((input) =>
        /adapters\/(sqlite|azure|memory)\/|node_modules\/(better-sqlite3|@azure)\//.test(input),
      );
      expect(foreign, fn.name).toEqual([]);
      // Each module's DynamoDB slice is there, in a chunk loaded on first use.
      expect(
        inputs.filter((input) => /apps\/modules\/[^/]+\/[^/]+\.dynamodb\.ts$/.test(input)),
      ).toHaveLength(modules.length);
    }
  });

  it('needs nothing at run time but Node: the AWS SDK clients are bundled, not the runtime’s', () => {
    for (const fn of built) {
      const outside = Object.values(fn.metafile.outputs)
        .flatMap((output) => output.imports)
        .filter((imported) => imported.external)
        .map((imported) => imported.path)
        .filter((path) => !isBuiltin(path));
      expect(outside, fn.name).toEqual([]);
    }
    const http = inputsOf(built.find((fn) => fn.name === 'http')!);
    for (const client of ['client-dynamodb', 'lib-dynamodb', 'client-s3', 'client-sns']) {
      expect(http.some((input) => input.includes(`node_modules/@aws-sdk/${client}/`))).toBe(true);
    }
  });

  it('takes the SDK’s ESM builds and keeps only the DynamoDB commands the adapters send', () => {
    const inputs = inputsOf(built.find((fn) => fn.name === 'http')!);
    expect(inputs.filter((input) => SDK_INPUT.test(input) && input.includes('/dist-cjs/'))).toEqual(
      [],
    );
    const commands = inputs
      .map((input) => /client-dynamodb\/dist-es\/commands\/(\w+)Command\.js$/.exec(input)?.[1])
      .filter((command) => command !== undefined);
    expect(commands).toEqual(
      expect.arrayContaining(['GetItem', 'PutItem', 'UpdateItem', 'Query', 'TransactWriteItems']),
    );
    // Of the client's 63; a few more come along (Scan with lib-dynamodb's paginators,
    // DescribeEndpoints with endpoint discovery), none of a table's administration.
    expect(commands.length).toBeLessThanOrEqual(12);
    expect(commands).not.toContain('CreateTable');
  });

  it('keeps the AWS SDK out of the HTTP cold start: the stores load it in chunks on demand', () => {
    const http = built.find((fn) => fn.name === 'http')!;
    // index.mjs and every chunk it imports statically: what a cold start loads.
    expect(eagerOutputs(http.metafile).size).toBeGreaterThan(1);
    expect(coldStartInputsOf(http).filter((input) => SDK_INPUT.test(input))).toEqual([]);
    const index = readFileSync(bundle('http'), 'utf8');
    expect(index).toMatch(/import\("\.\/chunks\/dynamodb-store-[\w-]+\.mjs"\)/);
    expect(index).toMatch(/import\("\.\/chunks\/s3-client-[\w-]+\.mjs"\)/);
  });

  it('builds the stream function’s EventBridge client during init, from its own bundle', () => {
    const stream = coldStartInputsOf(built.find((fn) => fn.name === 'dynamodb-stream')!);
    expect(
      stream.some((input) => input.includes('node_modules/@aws-sdk/client-eventbridge/')),
    ).toBe(true);
  });

  describe.each(RUNTIMES)('on $runtime', ({ major, node: resolveNode }) => {
    let binary: Promise<string>;
    // Waits out a first install here; if it fails, each test below fails with its reason.
    beforeAll(async () => {
      binary = resolveNode();
      await binary.catch(() => undefined);
    }, NODE22_INSTALL_TIMEOUT);

    it('imports every built index.mjs, each exporting handler', async () => {
      const node = await binary;
      const answers = await Promise.all(built.map((fn) => invoke(node, join(fn.dir, 'index.mjs'))));
      for (const [i, fn] of built.entries()) {
        expect(answers[i], fn.name).toMatchObject({ result: 'function' });
        expect(answers[i]!.version).toMatch(new RegExp(`^v${major}\\.`));
      }
    });

    it('answers an HTTP API event for an unknown route from the built bundle: 404 in the error shape', async () => {
      const event = structuredClone(V2);
      event.rawPath = '/no/such/route';
      const { result, logs } = await invoke(await binary, bundle('http'), event);
      expect(result).toMatchObject({
        statusCode: 404,
        isBase64Encoded: false,
        headers: { 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'cold-1' },
      });
      expect(JSON.parse(result.body)).toEqual({
        error: { code: 'HTTP.ROUTE_NOT_FOUND', message: expect.any(String) },
        requestId: 'cold-1',
      });
      expect(JSON.parse(logs.at(-1)!)).toMatchObject({
        level: 'info',
        msg: 'request completed',
        awsRequestId: 'cold-1',
        status: 404,
      });
    });

    it('loads the store on GET /health and reports it unreachable with 503', async () => {
      const event = structuredClone(V2);
      event.rawPath = '/health';
      const { result } = await invoke(await binary, bundle('http'), event);
      expect(result.statusCode).toBe(503);
      expect(JSON.parse(result.body)).toMatchObject({
        status: 'error',
        checks: { dynamodb: { status: 'error', error: expect.any(String) } },
      });
    });

    describe('on dynalite, a fresh table each', () => {
      /** The stack's settings with the table on dynalite rather than a closed port. */
      const onDynalite = async (more: Record<string, string> = {}) => ({
        ...dynalite.env,
        AWS_ENDPOINT_URL_DYNAMODB: dynalite.env.AWS_ENDPOINT_URL!,
        TABLE_NAME: await dynalite.newTable(),
        ...more,
      });
      /** A request through API Gateway's REST API, the stack's, and the response a client gets. */
      const send = async (fn: RunningFunction, request: DoorRequest) => {
        const { result, error, logs } = await fn.invoke(toV1Event(request));
        expect(error).toBeUndefined();
        return { ...fromResult(result), logs: logs.map((line) => JSON.parse(line)) };
      };
      const ada = { name: 'Ada Lovelace', email: 'ada@example.com' };

      it('with DYNAMODB_TRANSACTIONS=sequential, one environment creates a user, reads it, refuses its email and takes its order', async () => {
        const env = await onDynalite({ DYNAMODB_TRANSACTIONS: 'sequential' });
        await withFunction(await binary, bundle('http'), env, async (fn) => {
          const created = await send(fn, { method: 'POST', path: '/users', body: ada });
          expect(created.status, created.text).toBe(201);
          const user = created.body;
          expect(user).toMatchObject({ ...ada, status: 'active', version: 1 });
          // The stack's REST API is on stage prod: the link keeps it, so it resolves inside the stage.
          expect(created.headers.location).toBe(`/prod/users/${user.id}`);
          expect(created.headers['x-request-id']).toBe('cold-1');

          const read = await send(fn, { method: 'GET', path: `/users/${user.id}` });
          expect(read.status, read.text).toBe(200);
          expect(read.body).toEqual(user);

          const taken = await send(fn, {
            method: 'POST',
            path: '/users',
            body: { name: 'Other', email: 'ADA@example.com' },
          });
          expect(taken.status, taken.text).toBe(409);
          expect(taken.body.error.code).toBe('USER.EMAIL_TAKEN');

          const ordered = await send(fn, {
            method: 'POST',
            path: '/orders',
            body: {
              userId: user.id,
              currency: 'EUR',
              items: [{ sku: 'BOOK', quantity: 2, unitPrice: 1999 }],
            },
          });
          expect(ordered.status, ordered.text).toBe(201);
          expect(ordered.body).toMatchObject({ userId: user.id, total: 3998, status: 'pending' });
          expect(ordered.headers.location).toBe(`/prod/orders/${ordered.body.id}`);
          expect(ordered.headers['x-request-id']).toBe('warm-4');
        });
      });

      it('without it (native), answers POST /users 500 and logs what to set, then serves on', async () => {
        await withFunction(await binary, bundle('http'), await onDynalite(), async (fn) => {
          const refused = await send(fn, { method: 'POST', path: '/users', body: ada });
          expect(refused.status).toBe(500);
          expect(refused.body).toEqual({
            error: { code: 'INTERNAL', message: expect.any(String) },
            requestId: 'cold-1',
          });
          expect(refused.logs).toContainEqual(
            expect.objectContaining({
              level: 'error',
              msg: 'request failed',
              awsRequestId: 'cold-1',
              err: expect.objectContaining({
                message: expect.stringContaining('set DYNAMODB_TRANSACTIONS=sequential'),
              }),
            }),
          );
          const health = await send(fn, { method: 'GET', path: '/health' });
          expect(health.status, health.text).toBe(200);
        });
      });

      it('with the bucket on s3rver, the HTTP function stores an upload and the object-created function imports it', async () => {
        // The S3 client (uploads, the importer's read) and the DynamoDB client, from the bundles.
        const env = await onDynalite({
          DYNAMODB_TRANSACTIONS: 'sequential',
          AWS_ENDPOINT_URL_S3: s3.endpoint,
          AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
          AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
        });
        const csv = 'store,item,count\nOslo,milk,3\n';
        await withFunction(await binary, bundle('http'), env, async (http) => {
          const accepted = await send(http, {
            method: 'POST',
            path: '/inventory/imports',
            headers: { 'content-type': 'text/csv' },
            body: csv,
          });
          expect(accepted.status, accepted.text).toBe(202);
          await withFunction(await binary, bundle('object-created'), env, async (importer) => {
            const { error } = await importer.invoke(s3EventFor(accepted.body.source, csv.length));
            expect(error).toBeUndefined();
          });
          const level = await send(http, { method: 'GET', path: '/inventory/Oslo/milk' });
          expect(level.status, level.text).toBe(200);
          expect(level.body).toMatchObject({ store: 'Oslo', item: 'milk', count: 3 });
          const record = await send(http, {
            method: 'GET',
            path: `/inventory/imports/${accepted.body.id}`,
          });
          expect(record.body).toMatchObject({ status: 'completed', rowsImported: 1 });
        });
      });

      it('requires a credential with AUTH unset: 401 without, the key made in its table passes', async () => {
        const env = await onDynalite({ AUTH: '' });
        const table = openDynamoDbTable({
          client: dynalite.clients.doc,
          tableName: env.TABLE_NAME,
        });
        const keys = new ApiKeyService(new DynamoDbApiKeyStore(table), new SystemClock());
        const { key } = await keys.create('build test', 'reader');
        await withFunction(await binary, bundle('http'), env, async (fn) => {
          const refused = await send(fn, { method: 'GET', path: '/inventory' });
          expect([refused.status, refused.body.error.code]).toEqual([401, 'AUTH.UNAUTHENTICATED']);
          expect(refused.headers['www-authenticate']).toBe('Bearer realm="api"');
          const read = await send(fn, {
            method: 'GET',
            path: '/inventory',
            headers: { authorization: `Bearer ${key}` },
          });
          expect(read.status, read.text).toBe(200);
        });
      });

      it("runs the schedule function's store-heartbeat job against the table", async () => {
        await withFunction(await binary, bundle('schedule'), await onDynalite(), async (fn) => {
          const { result, error, logs } = await fn.invoke(
            scheduledEvent('arn:aws:events:eu-west-1:123456789012:rule/OneCore-Schedule-1A2B3C', {
              job: 'store-heartbeat',
            }),
          );
          expect({ result, error }).toEqual({ result: undefined, error: undefined });
          expect(logs.map((line) => JSON.parse(line))).toEqual([
            expect.objectContaining({ msg: 'scheduled job started', job: 'store-heartbeat' }),
            expect.objectContaining({ msg: 'store reachable', check: 'dynamodb' }),
            expect.objectContaining({ msg: 'scheduled job finished', job: 'store-heartbeat' }),
          ]);
        });
      });
    });
  });
});
