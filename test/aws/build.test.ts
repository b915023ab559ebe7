import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BuiltFunction,
  buildFunctions,
  FUNCTIONS,
  REPO_ROOT,
} from '../../apps/aws-lambda/bundle';
import { modules } from '../../apps/modules/modules';
import { NODE22_INSTALL_TIMEOUT, node22 } from '../support/node22';

const run = promisify(execFile);
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
};

/** Imports a built bundle in a fresh `node` and hands `event` to its handler: a cold start. */
const invoke = async (node: string, bundle: string, event?: unknown) => {
  const script = `
    const { handler } = await import(${JSON.stringify(pathToFileURL(bundle).href)});
    const result = ${event === undefined ? 'typeof handler' : `await handler(${JSON.stringify(event)}, { awsRequestId: 'cold-1' })`};
    process.stdout.write('RESULT ' + JSON.stringify([process.version, result]) + '\\n');
  `;
  const { stdout } = await run(node, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH, ...FUNCTION_ENV },
    timeout: 15_000,
  });
  const lines = stdout.trim().split('\n');
  const line = lines.find((candidate) => candidate.startsWith('RESULT '))!;
  const [version, result] = JSON.parse(line.slice('RESULT '.length));
  return { version, result, logs: lines.filter((candidate) => !candidate.startsWith('RESULT ')) };
};

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
  const http = () => built.find((fn) => fn.name === 'http')!;

  beforeAll(async () => {
    // Under the repo so the bundles resolve @aws-sdk/* from node_modules, as Lambda's runtime does.
    mkdirSync(join(REPO_ROOT, 'dist'), { recursive: true });
    outDir = mkdtempSync(join(REPO_ROOT, 'dist', 'build-test-'));
    built = await buildFunctions({ outDir });
  });
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

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
      const inputs = Object.values(fn.metafile.outputs).flatMap((output) =>
        Object.keys(output.inputs),
      );
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

  it('leaves the AWS SDK to the Lambda runtime', () => {
    for (const fn of built) {
      const inputs = Object.values(fn.metafile.outputs).flatMap((output) =>
        Object.keys(output.inputs),
      );
      expect(inputs.filter((input) => input.includes('node_modules/@aws-sdk/'))).toEqual([]);
    }
    const stream = readFileSync(
      join(built.find((fn) => fn.name === 'dynamodb-stream')!.dir, 'index.mjs'),
      'utf8',
    );
    expect(stream).toMatch(/from\s*"@aws-sdk\/client-eventbridge"/);
  });

  it('keeps the DynamoDB store out of the HTTP cold start, in a chunk loaded on demand', () => {
    const index = readFileSync(join(http().dir, 'index.mjs'), 'utf8');
    expect(index).not.toMatch(/from\s*"@aws-sdk\//);
    expect(index).toMatch(/import\("\.\/chunks\/dynamodb-store-[\w-]+\.mjs"\)/);
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
      const { result, logs } = await invoke(await binary, join(http().dir, 'index.mjs'), event);
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
      const { result } = await invoke(await binary, join(http().dir, 'index.mjs'), event);
      expect(result.statusCode).toBe(503);
      expect(JSON.parse(result.body)).toMatchObject({
        status: 'error',
        checks: { dynamodb: { status: 'error', error: expect.any(String) } },
      });
    });
  });
});
