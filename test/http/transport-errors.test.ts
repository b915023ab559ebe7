import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_ID } from '../../adapters/http/http-api';
import { capturingLogger } from '../support/capturing-logger';
import { type RawAnswer, sendRaw, stallAfter } from '../support/raw-http';
import { startTestServer } from '../support/test-server';

type Server = Awaited<ReturnType<typeof startTestServer>>;

const request = (head: string, body = '') =>
  `${head}\r\nHost: localhost\r\nConnection: close\r\n${body ? '' : '\r\n'}${body}`;

/** The documented shape: `{error: {code, message}, requestId}`, the same id in the header. */
const expectShape = (answer: RawAnswer, status: number, code: string) => {
  expect([answer.status, answer.body.slice(0, 200)]).toEqual([status, expect.any(String)]);
  const body = JSON.parse(answer.body);
  expect(body).toEqual({
    error: { code, message: expect.any(String) },
    requestId: expect.any(String),
  });
  expect(answer.headers['x-request-id']).toBe(body.requestId);
  expect(body.requestId).toMatch(REQUEST_ID);
  expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(answer.headers['x-content-type-options']).toBe('nosniff');
};

describe('errors the HTTP server raises before our routes', () => {
  let server: Server;
  let port: number;
  const { logger, lines } = capturingLogger();
  beforeAll(async () => {
    server = await startTestServer({}, { logger });
    port = Number(new URL(await server.app.listen({ host: '127.0.0.1', port: 0 })).port);
  });
  afterAll(() => server.dispose());

  it.each([
    [
      'headers over 16 KiB',
      request(`GET /users HTTP/1.1\r\nX-Big: ${'a'.repeat(17_000)}`),
      431,
      'HTTP.HEADERS_TOO_LARGE',
    ],
    [
      'a URL over 16 KiB',
      request(`GET /users?q=${'a'.repeat(17_000)} HTTP/1.1`),
      431,
      'HTTP.HEADERS_TOO_LARGE',
    ],
    ['%zz in the path', request('GET /users/%zz HTTP/1.1'), 400, 'HTTP.BAD_URL'],
    ['an overlong UTF-8 dot (%c0%ae)', request('GET /users/%c0%ae HTTP/1.1'), 400, 'HTTP.BAD_URL'],
    [
      'an encoded surrogate (%ed%a0%80)',
      request('GET /users/%ed%a0%80 HTTP/1.1'),
      400,
      'HTTP.BAD_URL',
    ],
    [
      'a path parameter over 100 characters',
      request(`GET /users/${'a'.repeat(101)} HTTP/1.1`),
      414,
      'HTTP.URI_TOO_LONG',
    ],
    [
      'Content-Length twice',
      request(
        'POST /users HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3',
        '\r\n{}',
      ),
      400,
      'HTTP.BAD_CONTENT_LENGTH',
    ],
    [
      'a Content-Length that is no number',
      request('POST /users HTTP/1.1\r\nContent-Length: abc', '\r\n{}'),
      400,
      'HTTP.BAD_CONTENT_LENGTH',
    ],
    [
      'Content-Length with Transfer-Encoding',
      request(
        'POST /users HTTP/1.1\r\nContent-Length: 2\r\nTransfer-Encoding: chunked',
        '\r\n0\r\n\r\n',
      ),
      400,
      'HTTP.BAD_CONTENT_LENGTH',
    ],
    [
      'Transfer-Encoding with Content-Length',
      request(
        'POST /users HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 2',
        '\r\n0\r\n\r\n',
      ),
      400,
      'HTTP.BAD_CONTENT_LENGTH',
    ],
    ['an unknown method', request('FOO /users HTTP/1.1'), 400, 'HTTP.UNKNOWN_METHOD'],
  ])('%s: %i %s in the error shape, with an access line', async (_name, payload, status, code) => {
    const before = lines.length;
    const answer = await sendRaw(port, payload);
    expectShape(answer, status, code);
    const logged = lines.slice(before).find((line) => line.msg === 'request completed');
    expect(logged).toMatchObject({ status, requestId: JSON.parse(answer.body).requestId });
  });

  it('echoes a safe x-request-id on a routing error, never an unsafe one', async () => {
    const safe = await sendRaw(port, request('GET /users/%zz HTTP/1.1\r\nX-Request-Id: trace-1'));
    expect(JSON.parse(safe.body).requestId).toBe('trace-1');
    const unsafe = await sendRaw(
      port,
      request('GET /users/%zz HTTP/1.1\r\nX-Request-Id: <script>'),
    );
    expect(unsafe.body).not.toContain('<script>');
    expect(unsafe.headers['x-request-id']).toMatch(REQUEST_ID);
  });

  it('never echoes <script> on 413: the same 1-128 safe characters rule', async () => {
    const body = `{"name":"${'a'.repeat(1024 * 1024 + 10)}"}`;
    const answer = await sendRaw(
      port,
      request(
        `POST /users HTTP/1.1\r\nX-Request-Id: <script>alert(1)</script>\r\nContent-Type: application/json\r\nContent-Length: ${body.length}`,
        `\r\n${body}`,
      ),
    );
    expectShape(answer, 413, 'HTTP.PAYLOAD_TOO_LARGE');
    expect(answer.headers['x-request-id']).not.toContain('<');
    expect(answer.body).not.toContain('<script>');
  });

  it('keeps serving after all of that', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/health`);
    expect(res.status).toBe(200);
  });
});

describe('slow and greedy clients', () => {
  it('answers 408 and closes stalled bodies at the deadline, and keeps serving', async () => {
    const server = await startTestServer({ bodyTimeoutMs: 400 });
    try {
      const port = Number(new URL(await server.app.listen({ host: '127.0.0.1', port: 0 })).port);
      const stalled = await Promise.all(
        Array.from({ length: 30 }, () =>
          stallAfter(
            port,
            'POST /users HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"na',
          ),
        ),
      );
      // Meanwhile others are served.
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
      const answers = await Promise.all(stalled.map((s) => s.answer));
      for (const answer of answers) {
        expect(answer.closed).toBe(true);
        expectShape(answer, 408, 'HTTP.REQUEST_TIMEOUT');
      }
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    } finally {
      await server.dispose();
    }
  });

  it('caps open connections per address: the one past the cap gets 429 and is closed', async () => {
    const server = await startTestServer({ maxConnectionsPerIp: 3 });
    try {
      const port = Number(new URL(await server.app.listen({ host: '127.0.0.1', port: 0 })).port);
      const held = await Promise.all(
        Array.from({ length: 3 }, () => stallAfter(port, 'GET /health HTTP/1.1\r\nHost: x\r\n')),
      );
      const refused = await sendRaw(port, request('GET /health HTTP/1.1'));
      expectShape(refused, 429, 'HTTP.TOO_MANY_CONNECTIONS');
      expect(refused.headers['retry-after']).toBe('1');
      for (const { socket } of held) socket.destroy();
      // The server sees the closes a moment later; until then it still refuses.
      let status = 0;
      for (let attempt = 0; attempt < 100 && status !== 200; attempt += 1) {
        status = (await sendRaw(port, request('GET /health HTTP/1.1'))).status;
      }
      expect(status).toBe(200);
    } finally {
      await server.dispose();
    }
  });
});
