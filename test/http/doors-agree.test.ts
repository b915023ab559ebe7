import { describe, expect, it } from 'vitest';
import { createHttpHandler } from '../../adapters/aws/lambda/http/http-handler';
import { azureHttpHandler } from '../../adapters/azure/functions/http-door';
import { ManualClock } from '../../adapters/memory/clock.memory';
import { SequentialIdGenerator } from '../../adapters/memory/id-generator.memory';
import { modules } from '../../apps/modules/modules';
import { azureSend, lambdaSend } from '../support/doors';
import { startTestServer } from '../support/test-server';
import {
  type DoorRequest,
  type DoorResponse,
  decodeResponse,
  encodeBody,
  injectSend,
} from './http-scenario';

type Server = Awaited<ReturnType<typeof startTestServer>>;
type Send = (request: DoorRequest) => Promise<DoorResponse>;

/** Every door over the same API: only the translation differs. */
const DOORS: [string, (server: Server) => Promise<Send>][] = [
  ['Fastify inject', async (server) => injectSend(server.app)],
  [
    'a real socket',
    async (server) => {
      const base = await server.app.listen({ host: '127.0.0.1', port: 0 });
      return async (request) => {
        const { headers, body } = encodeBody(request);
        const res = await fetch(`${base}${request.path}`, {
          method: request.method,
          headers,
          body,
        });
        return decodeResponse(res.status, Object.fromEntries(res.headers), await res.text());
      };
    },
  ],
  // On stage `prod` a REST API rightly answers `location: /prod/users/...` where the others say
  // `/users/...`: the same resource, each under its door's base URL (the client called
  // `.../prod/users`). lambdaSend fails unless the stage is there, then reports Location
  // relative to that base URL, so once its known stage is accounted for this door must give
  // the very same headers as the others, Location included.
  ['API Gateway REST (v1)', async (server) => lambdaSend(createHttpHandler(server.api), 'v1')],
  ['API Gateway HTTP (v2)', async (server) => lambdaSend(createHttpHandler(server.api), 'v2')],
  ['Azure Functions', async (server) => azureSend(azureHttpHandler(server.api))],
];

/** What a client can rely on; transport details (date, connection, length) are left out. */
const HEADERS = [
  'content-type',
  'etag',
  'location',
  'allow',
  'x-request-id',
  'access-control-allow-origin',
  'access-control-allow-methods',
  'access-control-expose-headers',
];

const json = (method: string, path: string, body: unknown): DoorRequest => ({ method, path, body });

/**
 * A session touching every kind of answer: created, read, paged, conflicts, errors, CORS.
 * Ids come from one sequence shared with events: Ada id-1, Bob id-3, the order id-6.
 */
const session: DoorRequest[] = [
  json('POST', '/users', { name: 'Ada', email: 'ada@example.com', age: 36 }),
  json('POST', '/users', { name: 'Bob', email: 'bob@example.com' }),
  json('POST', '/users', { name: 'Again', email: 'ADA@example.com' }),
  json('POST', '/users', { name: '', email: 'nope', age: 3, extra: 1 }),
  { method: 'GET', path: '/users/id-000000000001' },
  { method: 'GET', path: '/users?limit=1' },
  { method: 'GET', path: '/users?email=BOB@example.com' },
  { method: 'GET', path: '/users?limit=0&cursor=x' },
  {
    method: 'PATCH',
    path: '/users/id-000000000001',
    headers: { 'if-match': '"1"' },
    body: { name: 'Ada L.' },
  },
  {
    method: 'PATCH',
    path: '/users/id-000000000001',
    headers: { 'if-match': '"1"' },
    body: { age: 40 },
  },
  json('POST', '/orders', {
    userId: 'id-000000000001',
    currency: 'eur',
    items: [{ sku: 'A', quantity: 3, unitPrice: 250 }],
  }),
  json('POST', '/orders/id-000000000006/status', { status: 'shipped' }),
  json('POST', '/orders/id-000000000006/status', { status: 'confirmed' }),
  { method: 'GET', path: '/orders?userId=id-000000000001&status=confirmed' },
  {
    method: 'POST',
    path: '/users',
    headers: { 'content-type': 'application/json' },
    body: '{"a":',
  },
  { method: 'POST', path: '/users', headers: { 'content-type': 'text/csv' }, body: 'a,b' },
  { method: 'PUT', path: '/users' },
  { method: 'GET', path: '/nowhere' },
  {
    method: 'OPTIONS',
    path: '/orders',
    headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' },
  },
  { method: 'GET', path: '/health', headers: { origin: 'https://app.example.com' } },
  { method: 'DELETE', path: '/users/id-000000000003' },
  { method: 'DELETE', path: '/users/id-000000000003' },
  // Inventory: names that need encoding in a path, an atomic adjustment refused and taken,
  // a CSV upload (raw body, not JSON).
  json('PUT', '/inventory/Store%20%231%2FNorth/Bolt%2C%20M8', { count: 5 }),
  json('POST', '/inventory/Store%20%231%2FNorth/Bolt%2C%20M8/adjust', { delta: -6 }),
  json('POST', '/inventory/Store%20%231%2FNorth/Bolt%2C%20M8/adjust', { delta: -5 }),
  { method: 'GET', path: '/inventory?store=Store%20%231%2FNorth' },
  { method: 'GET', path: '/inventory/imports/nope' },
  {
    method: 'POST',
    path: '/inventory/imports',
    headers: { 'content-type': 'text/csv' },
    body: 'store,item,count\r\nOslo,milk,0\r\n',
  },
];

const transcript = async (send: Send) => {
  const lines = [];
  for (const [index, request] of session.entries()) {
    const res = await send({
      ...request,
      headers: { ...request.headers, 'x-request-id': `req-${index}` },
    });
    const headers = Object.fromEntries(
      HEADERS.filter((name) => res.headers[name] !== undefined).map((name) => [
        name,
        res.headers[name],
      ]),
    );
    // Uptime is the one field that moves with the wall clock.
    const body =
      res.body?.uptimeSeconds === undefined ? res.body : { ...res.body, uptimeSeconds: 0 };
    lines.push({ request: `${request.method} ${request.path}`, status: res.status, headers, body });
  }
  return lines;
};

describe('the doors agree', () => {
  it('gives the same status, headers and body for the same session through every door', async () => {
    const transcripts: [string, Awaited<ReturnType<typeof transcript>>][] = [];
    for (const [name, open] of DOORS) {
      // The same clock and ids for every door, so created resources match to the byte. Without
      // the messaging module: its job worker fulfils orders in the background, taking ids and
      // changing orders at moments no byte-for-byte transcript can follow (its own scenario runs
      // on every door in test/messaging).
      const server = await startTestServer(
        {},
        {
          clock: new ManualClock(),
          ids: new SequentialIdGenerator(),
          // Operations reads through messaging: it goes with it.
          modules: modules.filter((module) => !['messaging', 'operations'].includes(module.name)),
        },
      );
      try {
        transcripts.push([name, await transcript(await open(server))]);
      } finally {
        await server.dispose();
      }
    }
    const [[, reference]] = transcripts as [[string, Awaited<ReturnType<typeof transcript>>]];
    // The reference itself says what was asked: a session that only failed would agree too.
    expect(reference.map((line) => line.status)).toEqual([
      201, 201, 409, 400, 200, 200, 200, 400, 200, 409, 201, 409, 200, 200, 400, 415, 405, 404, 204,
      200, 204, 404, 200, 409, 200, 200, 404, 202,
    ]);
    for (const [name, lines] of transcripts.slice(1)) {
      expect({ door: name, lines }).toEqual({ door: name, lines: reference });
    }
  });
});
