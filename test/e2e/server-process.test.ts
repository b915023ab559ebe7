import { afterEach, describe, expect, it } from 'vitest';
import { spawnServer } from '../support/server-process';
import { tempDir } from '../support/temp-dir';

const json = (body: unknown) => ({
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

// biome-ignore lint/suspicious/noExplicitAny: bodies are compared whole
const call = async (url: string, init?: RequestInit): Promise<any> =>
  (await fetch(url, init)).json();

describe('the server as a process (npm start)', () => {
  const dirs: { remove(): void }[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) dir.remove();
  });

  it('keeps its data across a restart on the same DATA_DIR, and delivers every event before stopping', async () => {
    const dir = tempDir('restart-');
    dirs.push(dir);
    const first = await spawnServer({ DATA_DIR: dir.path }).ready;
    const user = await call(`${first.baseUrl}/users`, {
      method: 'POST',
      ...json({ name: 'Ada', email: 'ada@example.com' }),
    });
    const order = await call(`${first.baseUrl}/orders`, {
      method: 'POST',
      ...json({
        userId: user.id,
        currency: 'EUR',
        items: [{ sku: 'A', quantity: 2, unitPrice: 150 }],
      }),
    });
    const patched = await call(`${first.baseUrl}/users/${user.id}`, {
      method: 'PATCH',
      ...json({ name: 'Ada L.', version: 1 }),
    });
    const confirmed = await call(`${first.baseUrl}/orders/${order.id}/status`, {
      method: 'POST',
      ...json({ status: 'confirmed' }),
    });
    expect(await first.stop('SIGTERM')).toBe(0);
    const delivered = first.logs
      .filter((line) => line.msg === 'event delivered')
      .map((line) => line.type);
    expect(delivered.sort()).toEqual([
      'order.created',
      'order.status_changed',
      'user.created',
      'user.updated',
    ]);
    expect(first.logs.some((line) => line.msg === 'stopped')).toBe(true);

    const second = await spawnServer({ DATA_DIR: dir.path }).ready;
    try {
      expect(await call(`${second.baseUrl}/users/${user.id}`)).toEqual(patched);
      expect(await call(`${second.baseUrl}/orders/${order.id}`)).toEqual(confirmed);
      const list = await call(`${second.baseUrl}/orders?userId=${user.id}`);
      expect(list.items).toEqual([confirmed]);
      // Nothing was left in the outbox, so nothing is delivered again.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(second.logs.filter((line) => line.msg === 'event delivered')).toEqual([]);
    } finally {
      expect(await second.stop('SIGINT')).toBe(0);
    }
  });

  it('refuses to start a second server on a DATA_DIR another one owns', async () => {
    const dir = tempDir('owned-');
    dirs.push(dir);
    const owner = await spawnServer({ DATA_DIR: dir.path }).ready;
    try {
      const intruder = spawnServer({ DATA_DIR: dir.path });
      intruder.ready.catch(() => undefined);
      expect(await intruder.exited).toBe(1);
      expect(intruder.stderr()).toMatch(
        /^Could not start: .*app\.db is in use by another process/m,
      );
      expect((await fetch(`${owner.baseUrl}/health`)).status).toBe(200);
    } finally {
      await owner.stop();
    }
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ STORE: 'postgres' }, 'STORE'],
    [{ CORS_ORIGINS: 'https://ok.example,not a url' }, 'CORS_ORIGINS'],
  ])('stops with one clear line naming the bad variable: %j', async (env, name) => {
    const started = spawnServer({ DATA_DIR: '/tmp/never-used', ...env });
    started.ready.catch(() => undefined);
    expect(await started.exited).toBe(1);
    const lines = started
      .stderr()
      .trim()
      .split('\n')
      .filter((line) => !line.includes('nodedir'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Invalid configuration: ${name}\\b`));
  });
});
