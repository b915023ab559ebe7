import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAccess } from '../../adapters/http/auth/route-access';
import type { Route } from '../../adapters/http/route';
import { roleIncludes } from '../../domain/access/api-key';
import {
  type AuthDoor,
  azureAuthDoor,
  lambdaAuthDoor,
  serverAuthDoor,
  signJwt,
} from '../support/auth-doors';
import { type AzuriteInstance, startAzurite } from '../support/azurite';
import type { DoorRequest } from './http-scenario';

const CREDENTIALS = [
  'none',
  'reader',
  'writer',
  'admin',
  'own-user token',
  'expired token',
  'wrong audience',
  'revoked key',
] as const;
type Credential = (typeof CREDENTIALS)[number];

/** 'passes': the credential check lets it through (whatever the route then answers, never 401/403). */
const expected = (route: Route, credential: Credential): 'passes' | 401 | 403 => {
  const access = route.access ?? defaultAccess(route.method);
  if (access.role === 'public') return 'passes';
  switch (credential) {
    case 'none':
    case 'expired token':
    case 'wrong audience':
    case 'revoked key':
      return 401;
    case 'own-user token':
      return access.ownedBy ? 'passes' : 403;
    default:
      return roleIncludes(credential, access.role) ? 'passes' : 403;
  }
};

interface World {
  ownUser: string;
  otherUser: string;
  ownOrder: string;
  otherOrder: string;
  ownExport: string;
  otherExport: string;
}

/** The `:id` a path's first segment names: a user, an order or an export of `whose`. */
const idFor = (path: string, w: World, whose: 'own' | 'other'): string => {
  const own = whose === 'own';
  if (path.startsWith('/users/')) return own ? w.ownUser : w.otherUser;
  if (path.startsWith('/orders/')) return own ? w.ownOrder : w.otherOrder;
  if (path.startsWith('/exports/')) return own ? w.ownExport : w.otherExport;
  return 'probe';
};

/**
 * A request to `route` that concerns `user` (and their order), built so a passing one changes
 * nothing that later cases read: writes carry a stale If-Match or a body that fails validation.
 */
const probe = (route: Route, w: World, whose: 'own' | 'other'): DoorRequest => {
  const user = whose === 'own' ? w.ownUser : w.otherUser;
  const path = route.path.replace(/:(\w+)/g, (_m, name: string) =>
    name === 'id' ? idFor(route.path, w, whose) : 'probe',
  );
  const stale = { 'if-match': '"999"' };
  switch (route.operationId) {
    case 'listOrders':
      return { method: 'GET', path: `${path}?userId=${user}` };
    case 'createOrder':
      return {
        method: 'POST',
        path,
        body: { userId: user, currency: 'EUR', items: [{ sku: 'a', quantity: 1, unitPrice: 1 }] },
      };
    case 'updateUser':
      return { method: 'PATCH', path, headers: stale, body: { name: 'Probe' } };
    case 'changeOrderStatus':
      return { method: 'POST', path, headers: stale, body: { status: 'cancelled' } };
    case 'updatePreferences':
      return { method: 'PATCH', path, headers: stale, body: { newsletter: true } };
    case 'recordPayment':
      // No order totals 0, so the payment is refused after the credential check.
      return { method: 'POST', path, body: { amount: 0, currency: 'EUR' } };
  }
  if (route.upload) {
    return {
      method: route.method,
      path,
      headers: { 'content-type': 'application/json' },
      body: '{}',
    };
  }
  return {
    method: route.method,
    path,
    headers: route.method === 'GET' ? {} : stale,
    ...(route.body ? { body: { unexpectedField: true } } : {}),
  };
};

const withCredential = (
  request: DoorRequest,
  credential: string | undefined,
  inKeyHeader: boolean,
) => ({
  ...request,
  headers: {
    ...request.headers,
    ...(credential === undefined
      ? {}
      : inKeyHeader
        ? { 'x-api-key': credential }
        : { authorization: `Bearer ${credential}` }),
  },
});

let azurite: AzuriteInstance;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});

describe.each([
  ['server', () => serverAuthDoor()],
  ['lambda', () => lambdaAuthDoor()],
  ['azure', () => azureAuthDoor(azurite)],
])('auth matrix on the %s door', (_name, open) => {
  let door: AuthDoor;
  let world: World;
  const credentials = {} as Record<Credential, string | undefined>;

  beforeAll(async () => {
    door = await open();
    const admin = (await door.keys.create('admin', 'admin')).key;
    const revoked = await door.keys.create('gone', 'admin');
    await door.keys.revoke(revoked.record.id);
    const send = (request: DoorRequest) =>
      door.send({ ...request, headers: { authorization: `Bearer ${admin}` } });
    const user = async (email: string) =>
      (await send({ method: 'POST', path: '/users', body: { name: 'U', email } })).body
        .id as string;
    const order = async (userId: string) =>
      (
        await send({
          method: 'POST',
          path: '/orders',
          body: { userId, currency: 'EUR', items: [{ sku: 'a', quantity: 1, unitPrice: 5 }] },
        })
      ).body.id as string;
    const exportOf = async (userId: string) =>
      (await send({ method: 'POST', path: `/users/${userId}/exports` })).body.id as string;
    const ownUser = await user('own@example.com');
    const otherUser = await user('other@example.com');
    world = {
      ownUser,
      otherUser,
      ownOrder: await order(ownUser),
      otherOrder: await order(otherUser),
      ownExport: await exportOf(ownUser),
      otherExport: await exportOf(otherUser),
    };
    Object.assign(credentials, {
      none: undefined,
      reader: (await door.keys.create('r', 'reader')).key,
      writer: (await door.keys.create('w', 'writer')).key,
      admin,
      'own-user token': await signJwt({ sub: ownUser }),
      'expired token': await signJwt(
        { sub: ownUser, role: 'admin' },
        { expiresAt: Math.floor(Date.now() / 1000) - 3600 },
      ),
      'wrong audience': await signJwt(
        { sub: ownUser, role: 'admin' },
        { audience: 'someone-else' },
      ),
      'revoked key': revoked.key,
    });
  });
  afterAll(async () => {
    await door?.close();
  });

  it('answers every route for every credential as its policy says, in the error shape', async () => {
    const failures: string[] = [];
    for (const route of door.routes) {
      for (const [index, credential] of CREDENTIALS.entries()) {
        const want = expected(route, credential);
        // Keys go in either header, alternately: both are read the same way.
        const request = withCredential(
          probe(route, world, 'own'),
          credentials[credential],
          index % 2 === 1,
        );
        const res = await door.send(request);
        const label = `${route.method} ${route.path} as ${credential}: ${res.status} ${res.text.slice(0, 120)}`;
        if (res.status >= 500) failures.push(label);
        else if (
          want === 'passes' ? res.status === 401 || res.status === 403 : res.status !== want
        ) {
          failures.push(`${label} (expected ${want})`);
        }
        if (res.status === 401 || res.status === 403) {
          expect(res.body.error.code).toBe(
            res.status === 401 ? 'AUTH.UNAUTHENTICATED' : 'AUTH.FORBIDDEN',
          );
          expect(res.body.requestId).toBe(res.headers['x-request-id']);
        }
        if (res.status === 401)
          expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="api"/);
      }
    }
    expect(failures).toEqual([]);
  });

  it("refuses a user's own token on another user and their orders", async () => {
    const owned = door.routes.filter((route) => route.access?.ownedBy);
    expect(owned.map((r) => r.operationId).sort()).toEqual([
      'changeOrderStatus',
      'createOrder',
      'exportUserOrders',
      'getExport',
      'getFulfilment',
      'getOrder',
      'getPreferences',
      'getShipment',
      'getUser',
      'listOrders',
      'updatePreferences',
      'updateUser',
    ]);
    for (const route of owned) {
      const res = await door.send(
        withCredential(probe(route, world, 'other'), credentials['own-user token'], false),
      );
      expect([route.operationId, res.status, res.body.error.code]).toEqual([
        route.operationId,
        403,
        'AUTH.FORBIDDEN',
      ]);
    }
    const mine = await door.send(
      withCredential(
        { method: 'GET', path: `/users/${world.ownUser}` },
        credentials['own-user token'],
        false,
      ),
    );
    expect([mine.status, mine.body.id]).toEqual([200, world.ownUser]);
  });

  it("lets a user's own token only cancel its order; role holders keep every move", async () => {
    const asAdmin = { authorization: `Bearer ${credentials.admin}` };
    const place = async () =>
      (
        await door.send({
          method: 'POST',
          path: '/orders',
          headers: asAdmin,
          body: {
            userId: world.ownUser,
            currency: 'EUR',
            items: [{ sku: 'a', quantity: 1, unitPrice: 5 }],
          },
        })
      ).body.id as string;
    const orderId = await place();
    const moveAs = (credential: string, status: string, id = orderId) =>
      door.send({
        method: 'POST',
        path: `/orders/${id}/status`,
        headers: { authorization: `Bearer ${credential}` },
        body: { status },
      });
    const own = credentials['own-user token']!;
    const writerToken = await signJwt({ sub: world.otherUser, role: 'writer' });
    const confirmed = await moveAs(writerToken, 'confirmed');
    expect([confirmed.status, confirmed.body.status]).toEqual([200, 'confirmed']);

    for (const status of ['paid', 'confirmed', 'shipped', 'delivered', 'pending']) {
      const refused = await moveAs(own, status);
      expect([status, refused.status, refused.body.error.code]).toEqual([
        status,
        403,
        'AUTH.FORBIDDEN',
      ]);
      expect(refused.body.error.message).toBe(
        `A user token may only move its order to cancelled; ${status} needs the writer role.`,
      );
    }
    const otherUsersToken = await signJwt({ sub: world.otherUser });
    const notTheirs = await moveAs(otherUsersToken, 'cancelled');
    expect([notTheirs.status, notTheirs.body.error.code]).toEqual([403, 'AUTH.FORBIDDEN']);
    const stillConfirmed = await door.send({
      method: 'GET',
      path: `/orders/${orderId}`,
      headers: asAdmin,
    });
    expect(stillConfirmed.body.status).toBe('confirmed');

    const paid = await moveAs(credentials.writer!, 'paid');
    expect([paid.status, paid.body.status]).toEqual([200, 'paid']);
    // Cancelling is the customer's, while the lifecycle allows it: a paid order is past it.
    const tooLate = await moveAs(own, 'cancelled');
    expect([tooLate.status, tooLate.body.error.code]).toEqual([409, 'ORDER.INVALID_TRANSITION']);

    const cancelled = await moveAs(own, 'cancelled', await place());
    expect([cancelled.status, cancelled.body.status]).toEqual([200, 'cancelled']);
  });

  it('keeps /health and /openapi.json open, and the document shows each requirement', async () => {
    expect((await door.send({ method: 'GET', path: '/health' })).status).toBe(200);
    const doc = await door.send({ method: 'GET', path: '/openapi.json' });
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.components.securitySchemes).sort()).toEqual(['apiKey', 'bearer']);
    expect(doc.body.paths['/health'].get.security).toEqual([]);
    expect(doc.body.paths['/users'].get['x-required-role']).toBe('admin');
    expect(doc.body.paths['/users'].post['x-required-role']).toBe('writer');
    expect(doc.body.paths['/users/{id}'].get['x-own-user']).toBe(true);
    expect(doc.body.paths['/users'].post.responses['401']['x-error-codes']).toEqual([
      'AUTH.UNAUTHENTICATED',
    ]);
  });

  it('refuses a malformed Authorization header; with both headers, Authorization is the credential', async () => {
    const basic = await door.send({
      method: 'GET',
      path: '/orders',
      headers: { authorization: 'Basic YTpi' },
    });
    expect([basic.status, basic.headers['www-authenticate']]).toEqual([
      401,
      'Bearer realm="api", error="invalid_token"',
    ]);
    // x-api-key may hold API Gateway's usage-plan key: Authorization decides.
    const both = await door.send({
      method: 'POST',
      path: '/users',
      headers: { authorization: `Bearer ${credentials.reader}`, 'x-api-key': credentials.admin! },
      body: {},
    });
    expect(both.status).toBe(403);
  });
});
