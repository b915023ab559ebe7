import { describe, expect, it } from 'vitest';
import { capturingLogger } from '../support/capturing-logger';
import { startTestServer } from '../support/test-server';

describe('when our side fails', () => {
  it('answers 500 INTERNAL without internals, logs it with the request id, and health says 503', async () => {
    const { logger, lines } = capturingLogger();
    const server = await startTestServer({}, { logger });
    try {
      // The store goes away under the running server.
      await server.store.close();
      const res = await server.app.inject({
        method: 'GET',
        url: '/users/some-id',
        headers: { 'x-request-id': 'req-500' },
      });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toEqual({
        error: { code: 'INTERNAL', message: expect.stringContaining('requestId') },
        requestId: 'req-500',
      });
      expect(res.body).not.toMatch(/sqlite|database|\.ts:\d+/i);
      const logged = lines.find((line) => line.requestId === 'req-500');
      expect(logged).toMatchObject({
        level: 50,
        status: 500,
        code: 'INTERNAL',
        msg: 'request failed',
      });
      expect(JSON.stringify(logged)).toMatch(/database connection is not open/);

      const health = await server.app.inject({ method: 'GET', url: '/health' });
      expect(health.statusCode).toBe(503);
      expect(health.json()).toMatchObject({
        status: 'error',
        checks: { sqlite: { status: 'error' } },
      });
    } finally {
      await server.dispose();
    }
  });
});

describe('access log lines', () => {
  it.each([
    ['all', ['/health', '/nope']],
    ['errors', ['/nope']],
  ] as const)('ACCESS_LOG=%s logs %j, each with its request id', async (accessLog, logged) => {
    const { logger, lines } = capturingLogger();
    const server = await startTestServer({ accessLog }, { logger });
    try {
      await server.app.inject({ method: 'GET', url: '/health' });
      await server.app.inject({
        method: 'GET',
        url: '/nope',
        headers: { 'x-request-id': 'r-404' },
      });
      const access = lines.filter((line) => line.msg === 'request completed');
      expect(access.map((line) => line.path)).toEqual(logged);
      expect(access.at(-1)).toMatchObject({ requestId: 'r-404', status: 404, method: 'GET' });
    } finally {
      await server.dispose();
    }
  });
});
