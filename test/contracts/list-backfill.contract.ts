import { beforeEach, describe, expect, it } from 'vitest';
import type { ImportRecord } from '../../domain/inventory/import-record';
import { type DrawRecord, newDrawRecord } from '../../domain/lottery/draw-record';
import type { Created } from '../../domain/shared/newest-first';
import type { DrawStore } from '../../ports/draw-store.port';
import type { ImportStore } from '../../ports/import-store.port';
import type { BackfillProgress, ListBackfill } from '../../ports/list-backfill.port';
import type { ListedKind } from '../support/unlisted-records';
import { sampleImport } from './import-store.contract';

export interface ListBackfillHarness {
  imports: ImportStore;
  draws: DrawStore;
  /** The backfill the store opened by the apps has. */
  opened: ListBackfill | undefined;
  /** Leaves the record as the version before the lists stored it: without its list entry. */
  unlist(kind: ListedKind, record: Created): Promise<void>;
  /** Stores an import under this id that no schema reads, without its list entry. */
  storeUnreadable(id: string): Promise<void>;
  /** The backfill (2 records a page), `beforeWrite` awaited before each list entry it writes. */
  backfill(beforeWrite?: (n: number) => Promise<void>, pageSize?: number): ListBackfill;
}

const at = (minute: number) => `2026-06-01T10:0${minute}:00.000Z`;
const anImport = (id: string, createdAt: string): ImportRecord =>
  sampleImport({ id, createdAt, startedAt: createdAt, updatedAt: createdAt });
const aDraw = (id: string, createdAt: string): DrawRecord => newDrawRecord(id, 1, createdAt);

const ids = async (h: ListBackfillHarness) => ({
  imports: (await h.imports.list({ limit: 20 })).items.map((record) => record.id),
  draws: (await h.draws.list({ limit: 20 })).items.map((record) => record.id),
});

const listedIds = {
  // imp-b and imp-c share a millisecond: the id orders them, descending.
  imports: ['imp-c', 'imp-b', 'imp-new', 'imp-a'],
  draws: ['draw-new', 'draw-b', 'draw-a'],
};

/**
 * The list backfill on a store whose list entries are written apart from the records: records
 * stored the way the version before the lists stored them are missing from
 * GET /inventory/imports and GET /lottery/draws until the backfill lists them, in the lists'
 * order, without ever reverting what the app wrote.
 */
export const describeListBackfillContract = (
  name: string,
  create: () => Promise<ListBackfillHarness>,
) => {
  describe(`ListBackfill contract: ${name}`, () => {
    let h: ListBackfillHarness;
    /** Stored before the lists (their entries removed), but for one of each kind stored after. */
    let old: { imports: ImportRecord[]; draws: DrawRecord[] };

    beforeEach(async () => {
      h = await create();
      old = {
        imports: [anImport('imp-a', at(1)), anImport('imp-b', at(3)), anImport('imp-c', at(3))],
        draws: [aDraw('draw-a', at(1)), { ...aDraw('draw-b', at(2)), status: 'succeeded' }],
      };
      for (const record of [...old.imports, anImport('imp-new', at(2))]) {
        expect(await h.imports.create(record)).toBe(true);
      }
      for (const draw of [...old.draws, aDraw('draw-new', at(4))]) {
        expect(await h.draws.create(draw)).toBe(true);
      }
      for (const record of old.imports) await h.unlist('import', record);
      for (const draw of old.draws) await h.unlist('draw', draw);
    });

    it('lists the records stored before the lists, in the lists order, page by page', async () => {
      expect(await ids(h)).toEqual({ imports: ['imp-new'], draws: ['draw-new'] });

      const pages: BackfillProgress[] = [];
      const counts = await h.backfill().run((progress) => pages.push(progress));

      expect(counts).toEqual([
        { kind: 'import', records: 4, added: 3, unreadable: [] },
        { kind: 'lottery-draw', records: 3, added: 2, unreadable: [] },
      ]);
      expect(pages.length).toBeGreaterThan(1);
      expect(pages.map((p) => p.page)).toEqual(pages.map((_, i) => i + 1));
      expect(pages.at(-1)?.counts).toEqual(counts);
      expect(await ids(h)).toEqual(listedIds);
      // Whole records, as they were stored.
      const imports = (await h.imports.list({ limit: 20 })).items;
      expect(imports.find((record) => record.id === 'imp-b')).toEqual(old.imports[1]);
      expect((await h.draws.list({ limit: 20 })).items.at(-1)).toEqual(old.draws[0]);
    });

    it('changes nothing when run again', async () => {
      await h.backfill().run();
      const again = await h.backfill().run();
      expect(again).toEqual([
        { kind: 'import', records: 4, added: 0, unreadable: [] },
        { kind: 'lottery-draw', records: 3, added: 0, unreadable: [] },
      ]);
      expect(await ids(h)).toEqual(listedIds);
    });

    it('never reverts a record the app wrote after the backfill read it', async () => {
      const imp = old.imports[0]!;
      const draw = old.draws[0]!;
      const newer = { ...imp, status: 'completed' as const, rowsRead: 7, version: imp.version + 1 };
      const finished = { ...draw, status: 'succeeded' as const, finishedAt: at(5) };
      // One page holds every record: the backfill has read imp-a as it was when the app writes
      // both (and so lists them), before any of the backfill's writes.
      let appWrites: Promise<void> | undefined;
      const counts = await h
        .backfill(
          () =>
            (appWrites ??= (async () => {
              expect(await h.imports.update(newer, imp.version)).toBe(true);
              await h.draws.save(finished);
            })()),
          100,
        )
        .run();

      expect(await h.imports.findById(imp.id)).toEqual(newer);
      expect(await h.draws.find(draw.id)).toEqual(finished);
      const listed = (await h.imports.list({ limit: 20 })).items;
      expect(listed.filter((record) => record.id === imp.id)).toEqual([newer]);
      expect(await ids(h)).toEqual(listedIds);
      // The app's writes listed them: the backfill's own entries for them were refused.
      expect(counts).toEqual([
        { kind: 'import', records: 4, added: 2, unreadable: [] },
        { kind: 'lottery-draw', records: 3, added: 1, unreadable: [] },
      ]);
    });

    it('is completed by running it again after a run that stopped part way', async () => {
      const crashed = h.backfill(async (n) => {
        if (n === 1) throw new Error('the process died');
      });
      await expect(crashed.run()).rejects.toThrow('the process died');
      const part = await ids(h);
      expect(part.imports.length + part.draws.length).toBeLessThan(7);

      await h.backfill().run();
      expect(await ids(h)).toEqual(listedIds);
    });

    it('names an unreadable record, leaves it as it is and lists the others', async () => {
      await h.storeUnreadable('imp-bad');
      const [imports, draws] = await h.backfill().run();
      expect(imports).toMatchObject({ kind: 'import', records: 5, added: 3 });
      expect(imports?.unreadable).toEqual([expect.stringContaining('imp-bad')]);
      expect(draws).toMatchObject({ added: 2, unreadable: [] });
      expect(await ids(h)).toEqual(listedIds);
    });

    it('is what the store the apps open has', () => {
      expect(h.opened).toBeDefined();
    });
  });
};
