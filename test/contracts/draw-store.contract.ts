import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DrawRecord, newDrawRecord } from '../../domain/lottery/draw-record';
import type { DrawStore } from '../../ports/draw-store.port';
import { itListsNewestFirst } from './newest-first.contract';

export interface DrawStoreHarness {
  draws: DrawStore;
  close?: () => Promise<void> | void;
}

const finished = (draw: DrawRecord): DrawRecord => ({
  ...draw,
  status: 'failed',
  error: {
    code: 'LOTTERY.NOT_ENOUGH_ELIGIBLE',
    cause: 'The draw asks for 5 winners but only 2 employees have never won.',
  },
  // A long history: well past one Table Storage property's 64 KiB.
  history: Array.from({ length: 400 }, (_, i) => ({
    at: '2026-11-30T10:00:01.000Z',
    type: 'StateExited',
    state: 'Random Select Winners',
    summary: `{"round":${i},"note":"${'é'.repeat(280)}"}`,
  })),
  finishedAt: '2026-11-30T10:00:02.000Z',
});

export const describeDrawStoreContract = (
  name: string,
  create: () => Promise<DrawStoreHarness> | DrawStoreHarness,
) => {
  describe(`DrawStore contract: ${name}`, () => {
    let h: DrawStoreHarness;
    beforeEach(async () => {
      h = await create();
    });
    afterEach(async () => {
      await h.close?.();
    });

    it('creates once, saves whole, reads back exactly, and lists the running ones', async () => {
      const a = newDrawRecord('draw-a', 5, '2026-11-30T10:00:00.000Z');
      const b = newDrawRecord('draw-b', 2, '2026-11-30T10:00:00.000Z');
      expect(await h.draws.find('draw-a')).toBeNull();
      expect(await h.draws.create(a)).toBe(true);
      expect(await h.draws.create({ ...a, winners: 9 })).toBe(false);
      expect(await h.draws.create(b)).toBe(true);
      expect(await h.draws.find('draw-a')).toEqual(a);
      expect((await h.draws.unfinished()).map((d) => d.id).sort()).toEqual(['draw-a', 'draw-b']);
      await h.draws.save(finished(a));
      expect(await h.draws.find('draw-a')).toEqual(finished(a));
      expect((await h.draws.unfinished()).map((d) => d.id)).toEqual(['draw-b']);
    });

    itListsNewestFirst(() => ({
      add: ({ id, createdAt }) => h.draws.create(newDrawRecord(id, 1, createdAt)),
      list: (page) => h.draws.list(page),
    }));

    it('lists a draw as it was last saved', async () => {
      const draw = newDrawRecord('draw-a', 5, '2026-11-30T10:00:00.000Z');
      await h.draws.create(draw);
      await h.draws.save(finished(draw));
      expect(await h.draws.list({ limit: 5 })).toEqual({
        items: [finished(draw)],
        nextCursor: null,
      });
    });
  });
};
