import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../domain/shared/domain-event';
import { startTestServer } from '../support/test-server';

describe('graceful shutdown', () => {
  it('finishes a request in flight, refuses new ones, and flushes its events before closing', async () => {
    // A long poll interval: only the shutdown flush can deliver in time.
    const server = await startTestServer({ outboxPollMs: 60_000 });
    const delivered: DomainEvent[] = [];
    server.bus.subscribe('recorder', '*', async (event) => {
      delivered.push(event);
    });
    // No delivery on commit either: what arrives, arrives through close()'s flush.
    server.relay!.kick = () => undefined;
    const base = new URL(await server.app.listen({ host: '127.0.0.1', port: 0 }));

    const body = JSON.stringify({ name: 'Late', email: 'late@example.com' });
    const inFlight = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        {
          host: base.hostname,
          port: base.port,
          path: '/users',
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk) => {
            text += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 10));
      setTimeout(() => req.end(body.slice(10)), 300);
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closed = server.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(fetch(`${base.origin}/health`)).rejects.toThrow();

    const res = await inFlight;
    expect(res.status, res.text).toBe(201);
    await closed;
    expect(delivered.map((event) => event.type)).toEqual(['user.created']);
    server.dispose().catch(() => undefined);
  });
});
