/**
 * Baseline for test/bench/http.bench.ts: plain Fastify, no logger, no validation, no store.
 * It answers the benchmarked routes with constants shaped like the real responses, so the
 * ratio ours/bare shows what our layers (routing table, zod, SQLite, outbox, logging) cost.
 * Run as a child process (env PORT, HOST) so it gets the same CPU conditions as the real server.
 */
import Fastify from 'fastify';
import { benchUser as user } from './stub-store';

const order = {
  id: '01a20deb-5ce7-7362-871d-a895df7d0dc0',
  userId: user.id,
  items: [{ sku: 'BENCH-1', quantity: 2, unitPrice: 1999 }],
  currency: 'EUR',
  total: 3998,
  status: 'pending',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
};

const level = {
  store: 'Oslo',
  item: 'milk',
  count: 11,
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 2,
};

const app = Fastify();
app.get('/users/:id', async () => user);
app.post('/users', async (_request, reply) => reply.code(201).send(user));
app.post('/orders', async (_request, reply) => reply.code(201).send(order));
app.post('/inventory/:store/:item/adjust', async () => level);

await app.listen({ port: Number(process.env.PORT ?? 3001), host: process.env.HOST ?? '127.0.0.1' });

const stop = () => {
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
