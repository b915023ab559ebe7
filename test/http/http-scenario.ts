import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

export interface DoorRequest {
  method: string;
  /** Path with query string. */
  path: string;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string or bytes as they are. */
  body?: unknown;
}

export interface DoorResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field
  body: any;
}

export interface Door {
  send(request: DoorRequest): Promise<DoorResponse>;
  close(): Promise<void>;
}

/** Shared by doors: encodes the body the way a client would. */
export const encodeBody = (request: DoorRequest) => {
  const headers = { ...(request.headers ?? {}) };
  if (request.body === undefined) return { headers, body: undefined };
  if (typeof request.body === 'string' || request.body instanceof Uint8Array) {
    return { headers, body: request.body };
  }
  headers['content-type'] ??= 'application/json';
  return { headers, body: JSON.stringify(request.body) };
};

export const decodeResponse = (
  status: number,
  headers: Record<string, string>,
  text: string,
): DoorResponse => {
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status, headers, text, body };
};

/** The Fastify door without a socket: `inject`, as Fastify's testing guide does. */
export const injectSend =
  (app: FastifyInstance) =>
  async (request: DoorRequest): Promise<DoorResponse> => {
    const { headers, body } = encodeBody(request);
    const res = await app.inject({
      method: request.method as 'GET',
      url: request.path,
      headers,
      ...(body === undefined ? {} : { payload: body }),
    });
    return decodeResponse(res.statusCode, res.headers as Record<string, string>, res.body);
  };

/** The Fastify door on a real socket on loopback, spoken to with fetch. */
export const loopbackSend = async (app: FastifyInstance) => {
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  return async (request: DoorRequest): Promise<DoorResponse> => {
    const { headers, body } = encodeBody(request);
    const res = await fetch(`${base}${request.path}`, { method: request.method, headers, body });
    return decodeResponse(res.status, Object.fromEntries(res.headers), await res.text());
  };
};

const expectError = (res: DoorResponse, status: number, code: string) => {
  expect(res.status, res.text).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.body).toEqual({
    error: expect.objectContaining({ code, message: expect.any(String) }),
    requestId: expect.any(String),
  });
  expect(res.body.requestId).toBe(res.headers['x-request-id']);
  expect(res.text).not.toMatch(/\bat .+\.(ts|js):\d+/);
};

/**
 * One scenario, every door: the same requests must get the same answers through
 * Fastify, a real socket, API Gateway and Azure Functions. Doors are configured
 * with CORS origin https://app.example.com.
 */
export const describeHttpScenario = (doorName: string, open: () => Promise<Door>) => {
  describe(`HTTP scenario through ${doorName}`, () => {
    let door: Door;
    const send = (request: DoorRequest) => door.send(request);
    const createUser = async (name: string, email: string, age?: number) => {
      const res = await send({ method: 'POST', path: '/users', body: { name, email, age } });
      expect(res.status, res.text).toBe(201);
      return res.body;
    };

    beforeAll(async () => {
      door = await open();
    });
    afterAll(async () => {
      await door?.close();
    });

    it('reports health with the store check', async () => {
      const res = await send({ method: 'GET', path: '/health' });
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({ status: 'ok' });
    });

    it('creates a user: 201, Location, ETag and a request id', async () => {
      const res = await send({
        method: 'POST',
        path: '/users',
        body: { name: '  Grace Hopper ', email: 'grace@example.com', age: 85 },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        name: 'Grace Hopper',
        email: 'grace@example.com',
        age: 85,
        status: 'active',
        version: 1,
      });
      expect(res.headers.location).toBe(`/users/${res.body.id}`);
      expect(res.headers.etag).toBe('"1"');
      expect(res.headers['x-request-id']).toMatch(/^[\w.:-]+$/);
      const read = await send({ method: 'GET', path: `/users/${res.body.id}` });
      expect(read.status).toBe(200);
      expect(read.body).toEqual(res.body);
    });

    it('refuses a taken email in any case with 409 USER.EMAIL_TAKEN', async () => {
      await createUser('Taken', 'taken@example.com');
      const res = await send({
        method: 'POST',
        path: '/users',
        body: { name: 'Other', email: 'TAKEN@example.com' },
      });
      expectError(res, 409, 'USER.EMAIL_TAKEN');
    });

    it('lists every bad field with its path in one 400', async () => {
      const res = await send({
        method: 'POST',
        path: '/users',
        body: { name: '', email: 'nope', age: 12, extra: true },
      });
      expectError(res, 400, 'VALIDATION.FAILED');
      const paths = res.body.error.details.issues.map((issue: { path: string }) => issue.path);
      expect(paths).toEqual(
        expect.arrayContaining(['body.name', 'body.email', 'body.age', 'body']),
      );
    });

    it('answers 404 USER.NOT_FOUND for a missing user', async () => {
      expectError(
        await send({ method: 'GET', path: '/users/does-not-exist' }),
        404,
        'USER.NOT_FOUND',
      );
    });

    it('pages through users with an opaque cursor and finds one by email', async () => {
      const made = [];
      for (let i = 0; i < 5; i += 1)
        made.push(await createUser(`Pager ${i}`, `pager${i}@example.com`));
      const ids: string[] = [];
      let path = '/users?limit=2';
      for (;;) {
        const res = await send({ method: 'GET', path });
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        ids.push(...res.body.items.map((user: { id: string }) => user.id));
        if (!res.body.nextCursor) break;
        path = `/users?limit=2&cursor=${encodeURIComponent(res.body.nextCursor)}`;
      }
      expect(ids).toEqual(expect.arrayContaining(made.map((user) => user.id)));
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort()).toEqual(ids);

      const found = await send({ method: 'GET', path: '/users?email=PAGER3@example.com' });
      expect(found.body).toEqual({ items: [made[3]], nextCursor: null });
      const none = await send({ method: 'GET', path: '/users?email=nobody@example.com' });
      expect(none.body).toEqual({ items: [], nextCursor: null });
    });

    it.each([
      ['/users?limit=0', 'VALIDATION.FAILED'],
      ['/users?limit=101', 'VALIDATION.FAILED'],
      ['/users?limit=abc', 'VALIDATION.FAILED'],
      ['/users?cursor=not-a-cursor', 'PAGINATION.INVALID_CURSOR'],
      ['/orders?status=lost', 'VALIDATION.FAILED'],
    ])('rejects the query %s with 400 %s', async (path, code) => {
      expectError(await send({ method: 'GET', path }), 400, code);
    });

    it('updates with If-Match, refuses a stale version with 409, accepts a version field', async () => {
      const user = await createUser('Patchy', 'patchy@example.com', 40);
      const ok = await send({
        method: 'PATCH',
        path: `/users/${user.id}`,
        headers: { 'if-match': '"1"' },
        body: { name: 'Patched', age: null },
      });
      expect(ok.status, ok.text).toBe(200);
      expect(ok.body).toMatchObject({ name: 'Patched', age: null, version: 2 });
      expect(ok.headers.etag).toBe('"2"');
      const stale = await send({
        method: 'PATCH',
        path: `/users/${user.id}`,
        headers: { 'if-match': '"1"' },
        body: { name: 'Stale' },
      });
      expectError(stale, 409, 'USER.VERSION_MISMATCH');
      const byField = await send({
        method: 'PATCH',
        path: `/users/${user.id}`,
        body: { version: 1, name: 'X' },
      });
      expectError(byField, 409, 'USER.VERSION_MISMATCH');
      const fresh = await send({
        method: 'PATCH',
        path: `/users/${user.id}`,
        body: { version: 2, name: 'Fresh' },
      });
      expect(fresh.body).toMatchObject({ name: 'Fresh', version: 3 });
      const badHeader = await send({
        method: 'PATCH',
        path: `/users/${user.id}`,
        headers: { 'if-match': 'yesterday' },
        body: { name: 'X' },
      });
      expectError(badHeader, 400, 'VALIDATION.FAILED');
    });

    it('deletes with 204, then answers 404', async () => {
      const user = await createUser('Doomed', 'doomed@example.com');
      const stale = await send({
        method: 'DELETE',
        path: `/users/${user.id}`,
        headers: { 'if-match': '"9"' },
      });
      expectError(stale, 409, 'USER.VERSION_MISMATCH');
      const res = await send({ method: 'DELETE', path: `/users/${user.id}` });
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expectError(
        await send({ method: 'DELETE', path: `/users/${user.id}` }),
        404,
        'USER.NOT_FOUND',
      );
    });

    it('answers transport errors in the same shape', async () => {
      expectError(
        await send({
          method: 'POST',
          path: '/users',
          headers: { 'content-type': 'application/json' },
          body: '{"name":',
        }),
        400,
        'HTTP.MALFORMED_JSON',
      );
      expectError(
        await send({
          method: 'POST',
          path: '/users',
          headers: { 'content-type': 'text/plain' },
          body: 'name=x',
        }),
        415,
        'HTTP.UNSUPPORTED_MEDIA_TYPE',
      );
      const big = JSON.stringify({
        name: 'x',
        email: 'big@example.com',
        pad: 'x'.repeat(1024 * 1024),
      });
      expectError(
        await send({
          method: 'POST',
          path: '/users',
          headers: { 'content-type': 'application/json' },
          body: big,
        }),
        413,
        'HTTP.PAYLOAD_TOO_LARGE',
      );
      expectError(
        await send({ method: 'GET', path: '/no/such/route' }),
        404,
        'HTTP.ROUTE_NOT_FOUND',
      );
      const wrongMethod = await send({ method: 'PUT', path: '/users' });
      expectError(wrongMethod, 405, 'HTTP.METHOD_NOT_ALLOWED');
      expect(wrongMethod.headers.allow).toBe('GET, POST');
      expectError(await send({ method: 'POST', path: '/users' }), 400, 'VALIDATION.FAILED');
    });

    it('honours a sane x-request-id and replaces an unsafe one', async () => {
      const mine = await send({
        method: 'GET',
        path: '/users/missing',
        headers: { 'x-request-id': 'trace-42' },
      });
      expect(mine.headers['x-request-id']).toBe('trace-42');
      expect(mine.body.requestId).toBe('trace-42');
      const unsafe = await send({
        method: 'GET',
        path: '/health',
        headers: { 'x-request-id': 'a b<script>' },
      });
      expect(unsafe.headers['x-request-id']).not.toBe('a b<script>');
    });

    it('answers CORS preflights for allowed origins only', async () => {
      const preflight = await send({
        method: 'OPTIONS',
        path: '/users',
        headers: {
          origin: 'https://app.example.com',
          'access-control-request-method': 'POST',
          // What the admin console sends: its key, and the API Gateway usage-plan key on AWS.
          'access-control-request-headers': 'authorization,content-type,x-api-key',
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe('https://app.example.com');
      expect(preflight.headers['access-control-allow-methods']).toBe('GET, POST');
      expect(preflight.headers['access-control-allow-headers']?.split(', ')).toEqual(
        expect.arrayContaining(['authorization', 'content-type', 'x-api-key']),
      );
      const simple = await send({
        method: 'GET',
        path: '/health',
        headers: { origin: 'https://app.example.com' },
      });
      expect(simple.headers['access-control-allow-origin']).toBe('https://app.example.com');
      expect(simple.headers['access-control-expose-headers']).toContain('x-request-id');
      const stranger = await send({
        method: 'GET',
        path: '/health',
        headers: { origin: 'https://evil.example' },
      });
      expect(stranger.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('runs an order through its lifecycle with server-computed totals', async () => {
      const user = await createUser('Buyer', 'buyer@example.com');
      const items = [
        { sku: 'BOOK', quantity: 2, unitPrice: 1999 },
        { sku: 'MUG', quantity: 1, unitPrice: 850 },
      ];
      expectError(
        await send({
          method: 'POST',
          path: '/orders',
          body: { userId: 'ghost', currency: 'EUR', items },
        }),
        422,
        'ORDER.USER_NOT_FOUND',
      );
      expectError(
        await send({
          method: 'POST',
          path: '/orders',
          body: { userId: user.id, currency: 'EUR', items, total: 1 },
        }),
        400,
        'VALIDATION.FAILED',
      );
      const created = await send({
        method: 'POST',
        path: '/orders',
        body: { userId: user.id, currency: 'eur', items },
      });
      expect(created.status, created.text).toBe(201);
      expect(created.body).toMatchObject({
        total: 4848,
        currency: 'EUR',
        status: 'pending',
        version: 1,
      });
      const id = created.body.id;
      expect(created.headers.location).toBe(`/orders/${id}`);

      const move = (status: string, headers: Record<string, string> = {}) =>
        send({ method: 'POST', path: `/orders/${id}/status`, headers, body: { status } });
      expectError(await move('shipped'), 409, 'ORDER.INVALID_TRANSITION');
      expect((await move('confirmed', { 'if-match': '"1"' })).body).toMatchObject({
        status: 'confirmed',
        version: 2,
      });
      expectError(await move('paid', { 'if-match': '"1"' }), 409, 'ORDER.VERSION_MISMATCH');
      for (const status of ['paid', 'shipped', 'delivered']) {
        const res = await move(status);
        expect(res.status, res.text).toBe(200);
        expect(res.body.status).toBe(status);
      }
      expectError(await move('cancelled'), 409, 'ORDER.INVALID_TRANSITION');

      const second = await send({
        method: 'POST',
        path: '/orders',
        body: { userId: user.id, currency: 'USD', items },
      });
      const cancelled = await send({
        method: 'POST',
        path: `/orders/${second.body.id}/status`,
        body: { status: 'cancelled' },
      });
      expect(cancelled.body.status).toBe('cancelled');

      const mine = await send({ method: 'GET', path: `/orders?userId=${user.id}` });
      expect(mine.body.items.map((order: { id: string }) => order.id)).toEqual([
        id,
        second.body.id,
      ]);
      const delivered = await send({
        method: 'GET',
        path: `/orders?userId=${user.id}&status=delivered`,
      });
      expect(delivered.body.items.map((order: { id: string }) => order.id)).toEqual([id]);
      expect((await send({ method: 'GET', path: `/orders/${id}` })).body).toMatchObject({
        status: 'delivered',
        version: 5,
      });
      expectError(await send({ method: 'GET', path: '/orders/missing' }), 404, 'ORDER.NOT_FOUND');
    });

    it('serves its OpenAPI 3.1 document', async () => {
      const res = await send({ method: 'GET', path: '/openapi.json' });
      expect(res.status).toBe(200);
      expect(res.body.openapi).toBe('3.1.0');
      expect(Object.keys(res.body.paths)).toEqual(
        expect.arrayContaining([
          '/users',
          '/users/{id}',
          '/orders',
          '/orders/{id}',
          '/orders/{id}/status',
        ]),
      );
    });
  });
};
