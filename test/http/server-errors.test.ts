import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { startTestServer } from '../support/test-server';

/** A pino logger whose lines are kept, to read what was logged. */
const capturingLogger = () => {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
};

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
