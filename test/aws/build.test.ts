import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbApiKeyStore } from '../../adapters/aws/dynamodb/api-key-store.dynamodb';
import { openDynamoDbTable } from '../../adapters/aws/dynamodb/dynamodb-store';
import { DynamoDbLiveConnectionStore } from '../../adapters/aws/dynamodb/live-connection-store.dynamodb';
import { SystemClock } from '../../adapters/local/clock.system';
import {
  type BuiltFunction,
  buildFunctions,
  eagerOutputs,
  FUNCTIONS,
  type FunctionName,
  NATIVE_PACKAGES,
  REPO_ROOT,
} from '../../apps/aws-lambda/bundle';
import { createLambdaLogger } from '../../apps/aws-lambda/lambda-logger';
import { modules } from '../../apps/modules/modules';
import { ApiKeyService } from '../../domain/access/api-key-service';
import type { DoorRequest } from '../http/http-scenario';
import { fromResult, s3EventFor, scheduledEvent, toV1Event } from '../support/doors';
import { type Dynalite, startDynalite } from '../support/dynalite';
import { type RunningFunction, readZip, startFunction } from '../support/lambda-environment';
import { NODE22_INSTALL_TIMEOUT, node22 } from '../support/node22';
import { startRecordingServer } from '../support/recording-server';
import { S3RVER_CREDENTIALS, type S3rverInstance, startS3rver } from '../support/s3rver';

const fixture = (name: string) =>
  JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'aws-events', name), 'utf8'));
const V2 = fixture('apigw-v2-request-no-authorizer.json');

/** Settings the stack gives the functions; the DynamoDB endpoint is a closed loopback port. */
const FUNCTION_ENV = {
  TABLE_NAME: 'one-core-test',
  EVENT_BUS_NAME: 'one-core-test',
  TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:one-core-test',
  BUCKET_NAME: 'one-core-test',
  LIVE_CALLBACK_URL: 'https://abc123.execute-api.us-east-1.amazonaws.com/prod',
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

/** Runs `use` on a bundle started with `env`, then ends it whatever happened. */
const withFunction = async <T>(
  node: string,
  bundle: string,
  env: Record<string, string>,
  use: (fn: RunningFunction) => Promise<T>,
): Promise<T> => {
  const fn = await startFunction(node, bundle, { ...FUNCTION_ENV, ...env });
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
    // Seven bundles (PDF.js is a chunk of each) and the images function's sharp install: more
    // than the default 30 s when the suite's other files share the cores.
  }, 180_000);
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
      for (const name of entries.keys()) {
        // Besides the bundle, only the native packages a function ships (NATIVE_PACKAGES).
        if (NATIVE_PACKAGES[fn.name] && name.startsWith('node_modules/')) continue;
        expect(name).toMatch(/^(index\.mjs(\.map)?|chunks\/[\w.-]+\.mjs(\.map)?)$/);
      }
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
      // sharp is native: left out of every bundle, shipped beside the images function's, and
      // imported only by the chunk that processes an image, which no other function loads.
      expect([...new Set(outside)], fn.name).toEqual(['sharp']);
      const eagerImports = [...eagerOutputs(fn.metafile)].flatMap((file) =>
        fn.metafile.outputs[file]!.imports.map((imported) => imported.path),
      );
      expect(eagerImports, fn.name).not.toContain('sharp');
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

    it('runs the built ops-notifier and log-errors: their events and notice leave signed for EventBridge and SNS', async () => {
      const node = await binary;
      const [bus, topic] = await Promise.all([
        startRecordingServer({
          contentType: 'application/x-amz-json-1.1',
          body: JSON.stringify({ FailedEntryCount: 0, Entries: [{ EventId: 'eb-1' }] }),
        }),
        startRecordingServer({
          contentType: 'text/xml',
          body: '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-1</MessageId></PublishResult></PublishResponse>',
        }),
      ]);
      const endpoints = {
        AWS_ENDPOINT_URL_EVENTBRIDGE: bus.endpoint,
        AWS_ENDPOINT_URL_SNS: topic.endpoint,
      };
      const lines: string[] = [];
      const logger = createLambdaLogger({ write: (line) => lines.push(line.trimEnd()) });
      logger.startInvocation('req-1');
      logger.error({ err: new Error('timeout') }, 'store failed');
      logger.error({}, 'request failed');
      const logsEvent = {
        awslogs: {
          data: gzipSync(
            JSON.stringify({
              messageType: 'DATA_MESSAGE',
              logGroup: '/aws/lambda/one-core-http',
              logStream: 's-1',
              logEvents: lines.map((message, i) => ({ id: String(i), timestamp: i, message })),
            }),
          ).toString('base64'),
        },
      };
      try {
        for (const [name, event] of [
          ['ops-notifier', fixture('cloudwatch-alarm-sns-payload-single-metric.json')],
          ['log-errors', logsEvent],
        ] as const) {
          await withFunction(node, bundle(name), endpoints, async (fn) => {
            const { result, error } = await fn.invoke(event);
            expect({ result, error }, name).toEqual({ result: undefined, error: undefined });
          });
        }
        const entries = bus.seen.flatMap(
          (request) => (JSON.parse(request.body) as { Entries: { DetailType: string }[] }).Entries,
        );
        expect(entries.map((entry) => entry.DetailType)).toEqual([
          'ops.alarm_changed',
          'ops.error_logged',
        ]);
        const publish = new URLSearchParams(topic.seen[0]?.body);
        expect([publish.get('Action'), publish.get('Subject')]).toEqual([
          'Publish',
          'ALARM: EXAMPLE',
        ]);
        for (const request of [...bus.seen, ...topic.seen]) {
          expect(request.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 /);
        }
      } finally {
        await Promise.all([bus.close(), topic.close()]);
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

      /** A table with AUTH unset (required), and a reader's API key made in it. */
      const withReaderKey = async () => {
        const env = await onDynalite({ AUTH: '' });
        const table = openDynamoDbTable({
          client: dynalite.clients.doc,
          tableName: env.TABLE_NAME,
        });
        const keys = new ApiKeyService(new DynamoDbApiKeyStore(table), new SystemClock());
        const { key } = await keys.create('build test', 'reader');
        return { env, table, key };
      };

      it('requires a credential with AUTH unset: 401 without, the key made in its table passes', async () => {
        const { env, key } = await withReaderKey();
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

      it('requires a credential on the live feed with AUTH unset: the $connect fixture is refused, a key in the query registers it', async () => {
        const { env, table, key } = await withReaderKey();
        const connect = JSON.parse(
          readFileSync(
            join(import.meta.dirname, '../fixtures/aws-events/apigw-websocket-request.json'),
            'utf8',
          ),
        );
        await withFunction(await binary, bundle('live-socket'), env, async (fn) => {
          const refused = await fn.invoke(connect);
          expect(refused.result.statusCode, refused.error).toBe(401);
          const accepted = await fn.invoke({ ...connect, queryStringParameters: { token: key } });
          expect(accepted.result, accepted.error).toEqual({ statusCode: 200 });
        });
        const stored = await new DynamoDbLiveConnectionStore(table).get('TWegAcC4EowCHnA=');
        expect(stored?.role).toBe('reader');
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
