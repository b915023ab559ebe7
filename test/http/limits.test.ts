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

describe('the rate limit behind a proxy (TRUST_PROXY)', () => {
  /** Three requests from one socket on loopback, each forwarded for another client. */
  const forwardedBurst = async (trustProxy: false | string[], clients: string[]) => {
    const server = await startTestServer({ rateLimit: { perSecond: 1, burst: 2 }, trustProxy });
    try {
      const base = await server.app.listen({ host: '127.0.0.1', port: 0 });
      const statuses = [];
      for (const client of clients) {
        const res = await fetch(`${base}/health`, { headers: { 'x-forwarded-for': client } });
        statuses.push(res.status);
      }
      return statuses;
    } finally {
      await server.dispose();
    }
  };

  it('counts each forwarded client when the proxy is trusted', async () => {
    expect(
      await forwardedBurst(
        ['10.0.0.0/8', 'loopback'],
        ['203.0.113.1', '203.0.113.1', '203.0.113.1', '203.0.113.2'],
      ),
    ).toEqual([200, 200, 429, 200]);
  });

  it('counts the socket address when no proxy is trusted, whatever X-Forwarded-For says', async () => {
    expect(await forwardedBurst(false, ['203.0.113.1', '203.0.113.2', '203.0.113.3'])).toEqual([
      200, 200, 429,
    ]);
  });

  it('ignores X-Forwarded-For from a client that is not a trusted proxy', async () => {
    const server = await startTestServer({
      rateLimit: { perSecond: 1, burst: 2 },
      trustProxy: ['10.0.0.1'],
    });
    try {
      const statuses = [];
      for (const client of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
        const res = await server.app.inject({
          method: 'GET',
          url: '/health',
          remoteAddress: '198.51.100.7',
          headers: { 'x-forwarded-for': client },
        });
        statuses.push(res.statusCode);
      }
      expect(statuses).toEqual([200, 200, 429]);
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
