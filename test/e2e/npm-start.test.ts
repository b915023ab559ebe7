import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { processTree, spawnNpmStart, stillRunning } from '../support/server-process';
import { tempDir } from '../support/temp-dir';

/** Which of `pids` still run after up to `ms`: polled, so a process may take its time to go. */
const runningAfter = async (pids: number[], ms: number) => {
  const end = Date.now() + ms;
  let left = stillRunning(pids);
  while (left.length > 0 && Date.now() < end) {
    await sleep(50);
    left = stillRunning(pids);
  }
  return left;
};

/** How a request to `url` fails: `ECONNREFUSED` when nothing listens on its port. */
const failureOf = (url: string) =>
  fetch(url).then(
    (response) => `answered ${response.status}`,
    (error: { cause?: { code?: string } }) => error.cause?.code,
  );

describe('npm start, stopped by a signal', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  // npm is the PID a supervisor or a script gets back; a terminal's Ctrl-C and `systemctl stop`
  // signal npm's whole process group instead, so the server gets the signal and npm's copy of it.
  it.each([
    ['SIGTERM', "npm's PID"],
    ['SIGINT', "npm's PID"],
    ['SIGINT', 'the process group (Ctrl-C)'],
    ['SIGTERM', 'the process group'],
  ] as const)(
    '%s to %s stops the server gracefully, and npm with it',
    {
      timeout: 30_000,
    },
    async (signal, target) => {
      const dir = tempDir('npm-start-');
      cleanups.push(dir.remove);
      const group = target !== "npm's PID";
      const npm = spawnNpmStart({ DATA_DIR: dir.path }, { detached: group });
      const server = await npm.ready;
      const npmPid = server.child.pid!;
      const tree = processTree(npmPid);
      const pids = tree.map((row) => row.pid);
      // Should the test fail, no server outlives it.
      cleanups.push(() => {
        for (const pid of stillRunning(pids)) process.kill(pid, 'SIGKILL');
      });
      expect(tree.map((row) => row.command)).toContainEqual(
        expect.stringContaining('apps/server/main.ts'),
      );

      const created = await fetch(`${server.baseUrl}/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Ada', email: 'ada@example.com' }),
      });
      expect(created.status).toBe(201);

      process.kill(group ? -npmPid : npmPid, signal);
      expect(await Promise.race([npm.exited, sleep(10_000, 'still running after 10 s')])).toBe(0);
      expect(await runningAfter(pids, 5_000)).toEqual([]);
      expect(await failureOf(`${server.baseUrl}/health`)).toBe('ECONNREFUSED');

      await npm.closed;
      const messages = server.logs.map((line) => line.msg);
      expect(server.logs).toContainEqual(
        expect.objectContaining({ signal, msg: expect.stringMatching(/^shutting down/) }),
      );
      expect(messages.filter((msg) => String(msg).startsWith('shutting down'))).toHaveLength(1);
      expect(server.logs).toContainEqual(
        expect.objectContaining({ msg: 'event delivered', type: 'user.created' }),
      );
      expect(messages.at(-1)).toBe('stopped');
    },
  );
});
