import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SystemClock } from '../../adapters/local/clock.system';
import { UuidV7IdGenerator } from '../../adapters/local/id-generator.uuidv7';
import { ManualClock } from '../../adapters/memory/clock.memory';
import { SequentialIdGenerator } from '../../adapters/memory/id-generator.memory';
import { SqliteNotifier } from '../../adapters/sqlite/notifier.sqlite';
import { SqliteDatabase } from '../../adapters/sqlite/sqlite-database';
import { tempDir } from '../support/temp-dir';

describe('SqliteNotifier as the notification log', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  });
  const databaseFile = () => {
    const dir = tempDir('sqlite-notifier-');
    cleanups.push(dir.remove);
    return join(dir.path, 'app.db');
  };
  const open = (file: string) => {
    const db = new SqliteDatabase(file);
    cleanups.push(() => db.close());
    return db;
  };

  it('returns the newest first, as many as asked, with id and time of sending', async () => {
    const clock = new ManualClock('2026-05-01T10:00:00.000Z');
    const notifier = new SqliteNotifier(open(databaseFile()), new SequentialIdGenerator(), clock);
    for (let i = 1; i <= 4; i += 1) {
      await notifier.notify({ subject: `Notice ${i}`, message: `Body ${i}` });
      clock.advance(1000);
    }
    expect(await notifier.recent(2)).toStrictEqual([
      {
        subject: 'Notice 4',
        message: 'Body 4',
        attributes: {},
        id: 'id-000000000004',
        sentAt: '2026-05-01T10:00:03.000Z',
      },
      {
        subject: 'Notice 3',
        message: 'Body 3',
        attributes: {},
        id: 'id-000000000003',
        sentAt: '2026-05-01T10:00:02.000Z',
      },
    ]);
    expect((await notifier.recent(10)).map((sent) => sent.subject)).toEqual([
      'Notice 4',
      'Notice 3',
      'Notice 2',
      'Notice 1',
    ]);
  });

  it('keeps only the newest `retain` notifications', async () => {
    const notifier = new SqliteNotifier(
      open(databaseFile()),
      new SequentialIdGenerator(),
      new ManualClock(),
      { retain: 3 },
    );
    for (let i = 1; i <= 5; i += 1) await notifier.notify({ subject: `N${i}`, message: '.' });
    expect((await notifier.recent(10)).map((sent) => sent.subject)).toEqual(['N5', 'N4', 'N3']);
  });

  it('keeps notifications across a reopening of the database file', async () => {
    const file = databaseFile();
    const first = open(file);
    const ids = new UuidV7IdGenerator();
    const before = new SqliteNotifier(first, ids, new SystemClock());
    await before.notify({ subject: 'Out of stock', message: 'milk in s2', attributes: { a: 'b' } });
    await before.notify({ subject: 'Out of stock', message: 'eggs in s2' });
    const sent = await before.recent(10);
    first.close();

    const after = new SqliteNotifier(open(file), ids, new SystemClock());
    expect(await after.recent(10)).toStrictEqual(sent);
    expect(sent.map((notification) => notification.message)).toEqual(['eggs in s2', 'milk in s2']);
    await after.notify({ subject: 'Out of stock', message: 'flour in s1' });
    expect((await after.recent(1))[0]?.message).toBe('flour in s1');
  });
});
