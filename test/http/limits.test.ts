import { describe, expect, it } from 'vitest';
import { DailyUploadQuota } from '../../adapters/http/upload-quota';
import { accessModule } from '../../apps/modules/access/access.module';
import { startTestServer } from '../support/test-server';

describe('the rate limit on the server', () => {
  it('answers 429 RATE.LIMITED past the burst, with Retry-After and the RateLimit fields, per credential', async () => {
    const server = await startTestServer({
      auth: 'required',
      rateLimit: { perSecond: 5, burst: 10 },
    });
    try {
      const { apiKeys } = server.composed.services(accessModule);
      const [one, two] = [
        (await apiKeys.create('a', 'reader')).key,
        (await apiKeys.create('b', 'reader')).key,
      ];
      const get = (key: string) =>
        server.app.inject({
          method: 'GET',
          url: '/inventory',
          headers: { authorization: `Bearer ${key}` },
        });
      const answers = [];
      for (let i = 0; i < 12; i += 1) answers.push(await get(one));
      expect(answers.map((a) => a.statusCode)).toEqual([...Array(10).fill(200), 429, 429]);
      const limited = answers[10]!;
      expect(limited.json()).toEqual({
        error: { code: 'RATE.LIMITED', message: expect.any(String) },
        requestId: limited.headers['x-request-id'],
      });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited.headers).toMatchObject({
        'ratelimit-limit': '10',
        'ratelimit-remaining': '0',
      });
      expect(limited.headers['ratelimit-reset']).toBeDefined();
      expect(answers[0]!.headers['ratelimit-remaining']).toBe('9');
      // Another credential has its own allowance.
      expect((await get(two)).statusCode).toBe(200);
    } finally {
      await server.dispose();
    }
  });

  it('counts requests without a credential per address', async () => {
    const server = await startTestServer({ rateLimit: { perSecond: 1, burst: 2 } });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i += 1) {
        statuses.push(
          (await server.app.inject({ method: 'GET', url: '/health', remoteAddress: '10.0.0.1' }))
            .statusCode,
        );
      }
      expect(statuses).toEqual([200, 200, 429]);
      const other = await server.app.inject({
        method: 'GET',
        url: '/health',
        remoteAddress: '10.0.0.2',
      });
      expect(other.statusCode).toBe(200);
    } finally {
      await server.dispose();
    }
  });
});

describe('the upload quota', () => {
  it('refuses an upload past the day, per credential, with 429 QUOTA.EXCEEDED and Retry-After', async () => {
    const server = await startTestServer({ auth: 'required', uploadQuotaBytesPerDay: 100 });
    try {
      const { apiKeys } = server.composed.services(accessModule);
      const [one, two] = [
        (await apiKeys.create('a', 'writer')).key,
        (await apiKeys.create('b', 'writer')).key,
      ];
      const upload = (key: string, rows: number) =>
        server.app.inject({
          method: 'POST',
          url: '/inventory/imports',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
          payload: `store,item,count\n${'Oslo,milk,1\n'.repeat(rows)}`,
        });
      expect((await upload(one, 5)).statusCode).toBe(202); // 77 bytes
      const refused = await upload(one, 2); // 41 more: past 100
      expect([refused.statusCode, refused.json().error.code]).toEqual([429, 'QUOTA.EXCEEDED']);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(86_400);
      expect((await upload(two, 5)).statusCode).toBe(202);
      await server.background.drain();
    } finally {
      await server.dispose();
    }
  });

  it('starts again each UTC day and forgets the days before', () => {
    let now = Date.parse('2026-05-01T23:59:00Z');
    const quota = new DailyUploadQuota(10, () => now);
    expect(quota.take('k', 8)).toEqual({ ok: true });
    expect(quota.take('k', 3)).toEqual({ ok: false, retryAfterSeconds: 60 });
    expect(quota.take('other', 10)).toEqual({ ok: true });
    now = Date.parse('2026-05-02T00:00:01Z');
    expect(quota.take('k', 10)).toEqual({ ok: true });
  });
});
