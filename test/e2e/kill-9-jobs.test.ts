import { afterEach, describe, expect, it } from 'vitest';
import { spawnServer } from '../support/server-process';
import { tempDir } from '../support/temp-dir';

const JOBS = 1000;
/** Orders for one unit of a stock that holds fewer: each the first `ORDERS` users place. */
const ORDERS = 200;
const STOCK = 150;

const getJson = async (baseUrl: string, path: string) => {
  const response = await fetch(`${baseUrl}${path}`);
  // biome-ignore lint/suspicious/noExplicitAny: read field by field below
  return (await response.json()) as any;
};

/** Waits until `done` says so, looking every 10 ms; fails after `seconds`. */
const until = async (what: string, done: () => Promise<boolean>, seconds = 60) => {
  const deadline = Date.now() + seconds * 1000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`Gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

/** The versions of every order of one status, page by page. */
const ordersWith = async (baseUrl: string, status: string) => {
  const versions: number[] = [];
  let cursor = '';
  do {
    const page = await getJson(baseUrl, `/orders?status=${status}&limit=100${cursor}`);
    versions.push(...page.items.map((order: { version: number }) => order.version));
    cursor = page.nextCursor ? `&cursor=${encodeURIComponent(page.nextCursor)}` : '';
  } while (cursor);
  return versions;
};

/**
 * A thousand signup jobs (one per user created) and 200 fulfilment jobs (an order of one unit
 * of a stock of 150 and one of a plentiful item), the server killed with SIGKILL while they
 * are queued, received and being handled: after a restart every job is handled, none lost and
 * none counted twice, and exactly 150 orders are confirmed with the stock taken once each (the
 * cancelled ones gave back what they took). Jobs the dead process had received come back after
 * their visibility timeout (2 s here); the idempotency marks make a redelivery of finished work
 * a no-op, and the keyed reservations one of half-done fulfilment.
 */
describe('the server killed with SIGKILL with 1,200 jobs in flight', () => {
  const dirs: { remove(): void }[] = [];
  const servers: { child: { kill(signal: NodeJS.Signals): boolean } }[] = [];
  afterEach(() => {
    for (const server of servers.splice(0)) server.child.kill('SIGKILL');
    for (const dir of dirs.splice(0)) dir.remove();
  });

  it('handles every job exactly once in effect after a restart, losing none', async () => {
    const dir = tempDir('kill-9-jobs-');
    dirs.push(dir);
    const env = {
      DATA_DIR: dir.path,
      JOBS_VISIBILITY_SECONDS: '2',
      JOBS_POLL_MS: '20',
      JOBS_BATCH_NOTIFICATION: 'off',
      OUTBOX_POLL_MS: '50',
    };
    // The first server's worker finds the queue empty at start and looks again only after 3 s:
    // by then the thousand jobs are queued, and it is killed once it has begun on them.
    const first = await spawnServer({ ...env, JOBS_POLL_MS: '3000' }).ready;
    servers.push(first);
    const send = async (method: string, path: string, body: unknown) => {
      const response = await fetch(`${first.baseUrl}${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status, await response.clone().text()).toBeLessThan(300);
      return response.json() as Promise<{ id: string; createdAt: string }>;
    };
    await send('PUT', '/inventory/main/scarce', { count: STOCK });
    await send('PUT', '/inventory/main/plenty', { count: 10_000 });
    const created: { id: string; createdAt: string }[] = [];
    const producer = async (n: number) => {
      for (let i = n; i < JOBS; i += 20) {
        const response = await fetch(`${first.baseUrl}/users`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: `User ${i}`, email: `user-${i}@example.com` }),
        });
        expect(response.status).toBe(201);
        const user = (await response.json()) as { id: string; createdAt: string };
        created.push(user);
        // Its order's job is queued among the signups, so the kill finds both kinds in hand.
        if (i < ORDERS) {
          await send('POST', '/orders', {
            userId: user.id,
            currency: 'EUR',
            items: [
              { sku: 'plenty', quantity: 1, unitPrice: 500 },
              { sku: 'scarce', quantity: 1, unitPrice: 1000 },
            ],
          });
        }
      }
    };
    await Promise.all(Array.from({ length: 20 }, (_, n) => producer(n)));
    const days = [...new Set(created.map((user) => user.createdAt.slice(0, 10)))];
    const counted = async (baseUrl: string) => {
      let sum = 0;
      for (const day of days) sum += (await getJson(baseUrl, `/signups/${day}`)).count as number;
      return sum;
    };
    // Killed with the jobs in every state: queued, received, half done, done.
    let before = 0;
    let decidedBefore = 0;
    await until('the worker to begin on orders', async () => {
      before = await counted(first.baseUrl);
      decidedBefore =
        (await ordersWith(first.baseUrl, 'confirmed')).length +
        (await ordersWith(first.baseUrl, 'cancelled')).length;
      return decidedBefore > 0;
    });
    first.child.kill('SIGKILL');
    expect(await first.stop('SIGKILL')).toBeNull();
    expect(before).toBeLessThan(JOBS);

    const second = await spawnServer(env).ready;
    servers.push(second);
    try {
      await until(
        'every signup to be counted',
        async () => (await counted(second.baseUrl)) >= JOBS,
      );
      await until('the queue to be empty', async () => {
        const [jobs] = (await getJson(second.baseUrl, '/queues')).queues;
        return jobs.depth + jobs.inFlight + jobs.delayed === 0;
      });
      expect(await counted(second.baseUrl)).toBe(JOBS);
      // Every order decided once (version 2: pending -> confirmed or cancelled), none pending.
      await until('every order to be decided', async () => {
        return (await ordersWith(second.baseUrl, 'pending')).length === 0;
      });
      const confirmed = await ordersWith(second.baseUrl, 'confirmed');
      const cancelled = await ordersWith(second.baseUrl, 'cancelled');
      expect(confirmed).toEqual(Array.from({ length: STOCK }, () => 2));
      expect(cancelled).toEqual(Array.from({ length: ORDERS - STOCK }, () => 2));
      const level = async (item: string) =>
        (await getJson(second.baseUrl, `/inventory/main/${item}`)).count as number;
      expect(await level('scarce')).toBe(0);
      expect(await level('plenty')).toBe(10_000 - STOCK);
      expect((await getJson(second.baseUrl, '/queues/dead-letters')).items).toEqual([]);
      console.log(
        `killed with ${JOBS - before} of ${JOBS} signup jobs not yet counted and ${decidedBefore} of ${ORDERS} orders decided`,
      );
    } finally {
      await second.stop();
    }
  }, 120_000);
});
