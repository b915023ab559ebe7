import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPinoLogger } from '../../adapters/pino/logger.pino';
import { buildServer } from '../../apps/server/build-server';
import { ConfigError, loadConfig } from '../../apps/server/config';
import type { ObjectStore } from '../../ports/object-store.port';
import { TOKENS } from '../../ports/tokens';
import { readAll } from '../contracts/object-store.contract';
import { type S3rverInstance, startS3rver } from '../support/s3rver';
import { tempDir } from '../support/temp-dir';
import { startTestServer, testConfig } from '../support/test-server';

type Health = { status: string; checks: Record<string, { status: string; error?: string }> };

/** buildServer with a throwaway DATA_DIR, for configurations that must not start. */
const buildFailure = async (objects: 'fs' | 's3', env: Record<string, string>) => {
  const dir = tempDir('server-');
  try {
    return await buildServer({
      config: testConfig({ dataDir: dir.path, objects }),
      env,
      logger: createPinoLogger({ level: 'silent' }),
    }).then(
      () => 'started',
      (error: Error) => error.message,
    );
  } finally {
    dir.remove();
  }
};

describe('the embedded server with OBJECTS=s3', () => {
  let s3rver: S3rverInstance;
  beforeAll(async () => {
    s3rver = await startS3rver('server-bucket');
  });
  afterAll(async () => {
    await s3rver.stop();
  });

  it('binds the S3 store and reports the bucket as ok in /health', async () => {
    const server = await startTestServer({ objects: 's3' }, { env: s3rver.env });
    try {
      const health = await server.app.inject({ method: 'GET', url: '/health' });
      expect(health.statusCode).toBe(200);
      expect(health.json<Health>().checks).toMatchObject({
        sqlite: { status: 'ok' },
        s3: { status: 'ok' },
      });
      const objects = server.container.get<ObjectStore>(TOKENS.ObjectStore);
      await objects.put('from/server.txt', 'stored in s3rver', { contentType: 'text/plain' });
      const response = await fetch(await objects.presignGet('from/server.txt', 60));
      expect(await response.text()).toBe('stored in s3rver');
      // S3 serves its own URLs: this server has no /objects route then.
      const local = await server.app.inject({ method: 'GET', url: '/objects/from/server.txt' });
      expect(local.statusCode).toBe(404);
      expect(local.json()).toMatchObject({ error: { code: 'HTTP.ROUTE_NOT_FOUND' } });
    } finally {
      await server.dispose();
    }
  });

  it('answers 503 naming the bucket when it does not exist', async () => {
    const env = { ...s3rver.env, S3_BUCKET: 'absent-bucket' };
    const server = await startTestServer({ objects: 's3' }, { env });
    try {
      const health = await server.app.inject({ method: 'GET', url: '/health' });
      expect(health.statusCode).toBe(503);
      expect(health.json<Health>().checks.s3).toEqual({
        status: 'error',
        error: expect.stringContaining('absent-bucket'),
      });
    } finally {
      await server.dispose();
    }
  });

  it('refuses to start without S3_BUCKET, naming the variable', async () => {
    const { S3_BUCKET: _, ...env } = s3rver.env;
    expect(await buildFailure('s3', env)).toMatch(/^Invalid configuration: S3_BUCKET: /);
  });
});

describe('the embedded server with OBJECTS=fs', () => {
  const env = {
    OBJECTS_PUBLIC_URL: 'https://files.example.com',
    OBJECTS_SIGNING_SECRET: 'a signing secret of at least thirty-two characters',
  };

  it('keeps objects under DATA_DIR/objects, checks them in /health and serves its URLs', async () => {
    const server = await startTestServer({ objects: 'fs' }, { env });
    try {
      const health = await server.app.inject({ method: 'GET', url: '/health' });
      expect(health.statusCode).toBe(200);
      expect(health.json<Health>().checks).toMatchObject({ filesystem: { status: 'ok' } });

      const objects = server.container.get<ObjectStore>(TOKENS.ObjectStore);
      await objects.put('reports/q1.csv', 'a,b\n1,2\n', { contentType: 'text/csv' });
      expect(existsSync(join(server.config.dataDir, 'objects', 'keys'))).toBe(true);
      expect(await readAll((await objects.get('reports/q1.csv'))!.body)).toEqual(
        Buffer.from('a,b\n1,2\n'),
      );

      const url = new URL(await objects.presignGet('reports/q1.csv', 60));
      expect(url.origin).toBe('https://files.example.com');
      const served = await server.app.inject({ method: 'GET', url: url.pathname + url.search });
      expect(served.statusCode).toBe(200);
      expect(served.headers['content-type']).toBe('text/csv');
      expect(served.body).toBe('a,b\n1,2\n');

      url.searchParams.set('expires', String(Number(url.searchParams.get('expires')) + 1));
      const forged = await server.app.inject({
        method: 'GET',
        url: url.pathname + url.search,
        headers: { 'x-request-id': 'forged-1' },
      });
      expect(forged.statusCode).toBe(403);
      expect(forged.json()).toEqual({
        error: { code: 'OBJECT.URL_INVALID', message: expect.any(String) },
        requestId: 'forged-1',
      });
    } finally {
      await server.dispose();
    }
  });

  it('refuses to start with a signing secret too short to be one', async () => {
    expect(await buildFailure('fs', { OBJECTS_SIGNING_SECRET: 'short' })).toMatch(
      /^Invalid configuration: OBJECTS_SIGNING_SECRET: /,
    );
  });
});

describe('OBJECTS in the configuration', () => {
  it('defaults to fs, accepts s3 and names itself when wrong', () => {
    expect(loadConfig({}).objects).toBe('fs');
    expect(loadConfig({ OBJECTS: 's3' }).objects).toBe('s3');
    expect(() => loadConfig({ OBJECTS: 'ftp' })).toThrow(ConfigError);
    expect(() => loadConfig({ OBJECTS: 'ftp' })).toThrow(/^Invalid configuration: OBJECTS: /);
  });
});
