import { afterEach, describe, expect, it } from 'vitest';
import { spawnServer } from '../support/server-process';
import { tempDir } from '../support/temp-dir';

const JOBS = 1000;

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

/**
 * A thousand signup jobs (one per user created), the server killed with SIGKILL while they are
 * queued, received and being handled: after a restart every job is handled, none lost and none
 * counted twice. Jobs the dead process had received come back after their visibility timeout
 * (2 s here); the idempotency marks make a redelivery of finished work a no-op.
 */
describe('the server killed with SIGKILL with 1,000 jobs in flight', () => {
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
    const created: { id: string; createdAt: string }[] = [];
    const producer = async (n: number) => {
      for (let i = n; i < JOBS; i += 20) {
        const response = await fetch(`${first.baseUrl}/users`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: `User ${i}`, email: `user-${i}@example.com` }),
        });
        expect(response.status).toBe(201);
        created.push((await response.json()) as { id: string; createdAt: string });
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
    await until('the worker to begin', async () => {
      before = await counted(first.baseUrl);
      return before > 0;
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
      expect((await getJson(second.baseUrl, '/queues/dead-letters')).items).toEqual([]);
      console.log(`killed with ${JOBS - before} of ${JOBS} signup jobs not yet counted`);
    } finally {
      await second.stop();
    }
  }, 120_000);
});
