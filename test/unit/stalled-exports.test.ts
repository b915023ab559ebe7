import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../adapters/memory/clock.memory';
import { SequentialIdGenerator } from '../../adapters/memory/id-generator.memory';
import { MemoryJobQueue } from '../../adapters/memory/job-queue.memory';
import { MemoryRecordStore } from '../../adapters/memory/record-store.memory';
import { COLLECTIONS, type ExportRecord } from '../../domain/messaging/records';
import {
  closeExport,
  openExport,
  redriveStalledExports,
} from '../../domain/messaging/stalled-exports';

const HOUR_MS = 60 * 60 * 1000;

const world = () => {
  const clock = new ManualClock('2026-05-01T10:00:00.000Z');
  const ports = {
    clock,
    docs: new MemoryRecordStore(),
    jobs: new MemoryJobQueue({ clock, ids: new SequentialIdGenerator() }),
  };
  const request = async (id: string) => {
    const record: ExportRecord = {
      id,
      userId: null,
      status: 'running',
      rows: 0,
      bytes: 0,
      key: `exports/${id}.csv`,
      url: null,
      urlExpiresAt: null,
      createdAt: clock.now().toISOString(),
      completedAt: null,
    };
    await ports.docs.put(COLLECTIONS.export, id, record, null);
    await openExport(ports, id);
  };
  const status = async (id: string) =>
    (await ports.docs.get<ExportRecord>(COLLECTIONS.export, id))?.value.status;
  return { clock, ports, request, status };
};

describe('the hourly re-drive of stalled exports', () => {
  it('leaves a young export be, sends a stalled one to the queue again, each hour', async () => {
    const { clock, ports, request } = world();
    await request('x1');
    clock.advance(HOUR_MS / 2);
    expect(await redriveStalledExports(ports)).toEqual({ exportsRedriven: [], exportsFailed: [] });
    expect((await ports.jobs.stats()).depth).toBe(0);

    clock.advance(HOUR_MS);
    expect(await redriveStalledExports(ports)).toEqual({
      exportsRedriven: ['x1'],
      exportsFailed: [],
    });
    clock.advance(HOUR_MS);
    await redriveStalledExports(ports);
    const sent = await ports.jobs.receive(10, 30);
    expect(sent.map((job) => JSON.parse(job.body))).toEqual([
      { type: 'data_export', exportId: 'x1' },
      { type: 'data_export', exportId: 'x1' },
    ]);
  });

  it('forgets a completed export and marks one unfinished after 24 hours failed', async () => {
    const { clock, ports, request, status } = world();
    await request('done');
    await request('lost');
    await closeExport(ports, 'done');
    clock.advance(25 * HOUR_MS);
    expect(await redriveStalledExports(ports)).toEqual({
      exportsRedriven: [],
      exportsFailed: ['lost'],
    });
    expect(await status('lost')).toBe('failed');
    expect(await redriveStalledExports(ports)).toEqual({ exportsRedriven: [], exportsFailed: [] });
    expect((await ports.jobs.stats()).depth).toBe(0);
  });
});
