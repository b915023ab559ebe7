import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../support/test-server';
import { problemWith } from './answer-shape';
import { hostileRequestFor } from './hostile-requests';
import { inPool, sendHostile } from './raw-client';

const PER_ROUTE = Number(process.env.FUZZ_PER_ROUTE ?? 1000);

/**
 * Generated hostile requests (methods, paths, encodings, queries, headers, bodies) against every
 * route of the server over a real socket, each on its own connection, written byte for byte.
 * Whatever arrives: no 5xx, every error in the documented shape with a valid request id, and the
 * server healthy afterwards. A failure names the request; fast-check's seed reproduces the run.
 */
describe('the server under hostile requests', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let port: number;
  beforeAll(async () => {
    server = await startTestServer({ maxConnectionsPerIp: 0 });
    port = Number(new URL(await server.app.listen({ host: '127.0.0.1', port: 0 })).port);
  });
  afterAll(() => server?.dispose());

  it(`answers ${PER_ROUTE} per route in the documented shape, never 5xx, and stays healthy`, async () => {
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
    const failures: string[] = [];
    let sent = 0;
    for (const [index, route] of server.api.routes.entries()) {
      const requests = fc.sample(hostileRequestFor(route), {
        numRuns: PER_ROUTE,
        seed: seed + index,
      });
      await inPool(
        requests.map((request) => async () => {
          const answer = await sendHostile(port, request);
          sent += 1;
          const problem = problemWith(answer, request.method);
          if (problem)
            failures.push(`${request.method} ${request.target.slice(0, 120)} -> ${problem}`);
        }),
        32,
      );
      expect(requests.length).toBe(PER_ROUTE);
    }
    expect(failures.slice(0, 10), `seed ${seed}, ${failures.length} failures`).toEqual([]);
    expect(sent).toBe(PER_ROUTE * server.api.routes.length);
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
  }, 120_000);
});
