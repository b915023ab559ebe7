import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../support/test-server';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

/**
 * Whatever JSON a client posts to a write route, the answer is never a 5xx and an
 * error always has the one shape. Ids in paths are real ones half of the time so
 * the domain, not only validation, is exercised.
 */
describe('write routes under arbitrary JSON', () => {
  let server: TestServer;
  let userId: string;
  let orderId: string;

  beforeAll(async () => {
    server = await startTestServer();
    const user = await server.app.inject({
      method: 'POST',
      url: '/users',
      payload: { name: 'Prop', email: 'prop@example.com' },
    });
    userId = user.json().id;
    const order = await server.app.inject({
      method: 'POST',
      url: '/orders',
      payload: { userId, currency: 'EUR', items: [{ sku: 'A', quantity: 1, unitPrice: 1 }] },
    });
    orderId = order.json().id;
  });
  afterAll(async () => {
    await server?.dispose();
  });

  const routes = () => [
    { method: 'POST', url: '/users' },
    { method: 'PATCH', url: `/users/${userId}` },
    { method: 'PATCH', url: '/users/unknown' },
    { method: 'POST', url: '/orders' },
    { method: 'POST', url: `/orders/${orderId}/status` },
    { method: 'POST', url: '/orders/unknown/status' },
    { method: 'DELETE', url: '/users/unknown' },
  ];

  const plausible = fc.record(
    {
      name: fc.oneof(fc.string(), fc.constant('Valid Name')),
      email: fc.oneof(fc.emailAddress(), fc.string()),
      age: fc.oneof(fc.integer({ min: -10, max: 200 }), fc.double(), fc.constant(null)),
      userId: fc.oneof(fc.string(), fc.constant('__USER__')),
      currency: fc.oneof(fc.constantFrom('EUR', 'usd', 'XXX', 'ZZZ', ''), fc.string()),
      items: fc.oneof(
        fc.array(
          fc.record({
            sku: fc.string(),
            quantity: fc.oneof(fc.integer(), fc.double()),
            unitPrice: fc.oneof(fc.integer(), fc.maxSafeNat()),
          }),
          { maxLength: 3 },
        ),
        fc.jsonValue(),
      ),
      status: fc.oneof(fc.constantFrom('confirmed', 'paid', 'cancelled', 'lost'), fc.jsonValue()),
      version: fc.oneof(fc.integer(), fc.jsonValue()),
    },
    { requiredKeys: [] },
  );

  it('never answers 5xx, and every error has the error shape', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 6 }),
        fc.oneof(fc.jsonValue(), plausible),
        async (routeIndex, value) => {
          const route = routes()[routeIndex]!;
          const payload = JSON.stringify(value).replaceAll('"__USER__"', JSON.stringify(userId));
          const res = await server.app.inject({
            method: route.method as 'POST',
            url: route.url,
            headers: { 'content-type': 'application/json' },
            payload,
          });
          expect(res.statusCode, res.body).toBeLessThan(500);
          if (res.statusCode >= 400) {
            expect(res.json()).toEqual({
              error: expect.objectContaining({
                code: expect.any(String),
                message: expect.any(String),
              }),
              requestId: expect.any(String),
            });
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never answers 5xx to arbitrary bytes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 200 }),
        fc.constantFrom('application/json', 'text/plain'),
        async (raw, type) => {
          const res = await server.app.inject({
            method: 'POST',
            url: '/users',
            headers: { 'content-type': type },
            payload: raw,
          });
          expect(res.statusCode).toBeLessThan(500);
          expect(res.json().error.code).toEqual(expect.any(String));
        },
      ),
      { numRuns: 200 },
    );
  });
});
