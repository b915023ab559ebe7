import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportRecord } from '../../domain/inventory/import-record';
import type { ImportStore } from '../../ports/import-store.port';
import { itListsNewestFirst } from './newest-first.contract';

export interface ImportStoreHarness {
  imports: ImportStore;
  close?: () => Promise<void> | void;
}

export const sampleImport = (overrides: Partial<ImportRecord> = {}): ImportRecord => ({
  id: '0b0f8c2e-6a1d-4c3e-9f00-1234567890ab',
  source: 'inventory/uploads/a.csv',
  sourceVersion: 'etag-1',
  status: 'running',
  rowsRead: 0,
  rowsImported: 0,
  rowsRejected: 0,
  rejected: [],
  createdAt: '2026-05-01T10:00:00.000Z',
  startedAt: '2026-05-01T10:00:00.000Z',
  finishedAt: null,
  updatedAt: '2026-05-01T10:00:00.000Z',
  version: 1,
  ...overrides,
});

export const describeImportStoreContract = (
  name: string,
  create: () => Promise<ImportStoreHarness> | ImportStoreHarness,
) => {
  describe(`ImportStore contract: ${name}`, () => {
    let h: ImportStoreHarness;
    beforeEach(async () => {
      h = await create();
    });
    afterEach(async () => {
      await h.close?.();
    });

    it('creates once per id and reads back exactly what it stored', async () => {
      const record = sampleImport();
      expect(await h.imports.findById(record.id)).toBeNull();
      expect(await h.imports.create(record)).toBe(true);
      expect(await h.imports.create({ ...record, status: 'queued' })).toBe(false);
      expect(await h.imports.findById(record.id)).toEqual(record);
    });

    it('updates on the expected version only, keeping every field', async () => {
      const record = sampleImport({ status: 'queued', startedAt: null });
      await h.imports.create(record);
      const rejected = Array.from({ length: 100 }, (_, i) => ({
        line: i + 2,
        reason: `count: expected a whole number >= 0, found "-${i}" "quoted", with commas`,
      }));
      const done: ImportRecord = {
        ...record,
        status: 'completed',
        rowsRead: 1_000_000,
        rowsImported: 999_000,
        rowsRejected: 1000,
        rejected,
        failure: 'none, really',
        finishedAt: '2026-05-01T10:05:00.000Z',
        version: 2,
      };
      expect(await h.imports.update(done, 2)).toBe(false);
      expect(await h.imports.findById(record.id)).toEqual(record);
      expect(await h.imports.update(done, 1)).toBe(true);
      expect(await h.imports.findById(record.id)).toEqual(done);
      expect(await h.imports.update({ ...done, version: 3 }, 1)).toBe(false);
      expect(await h.imports.update(sampleImport({ id: 'f'.repeat(36) }), 1)).toBe(false);
      expect(await h.imports.findById('f'.repeat(36))).toBeNull();
    });

    it('lets one of two concurrent updates from the same version win', async () => {
      const record = sampleImport();
      await h.imports.create(record);
      const results = await Promise.all([
        h.imports.update({ ...record, status: 'failed', version: 2 }, 1),
        h.imports.update({ ...record, status: 'completed', version: 2 }, 1),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await h.imports.findById(record.id))?.version).toBe(2);
    });

    itListsNewestFirst(() => ({
      add: ({ id, createdAt }) => h.imports.create(sampleImport({ id, createdAt })),
      list: (page) => h.imports.list(page),
    }));

    it('lists a record as it was last updated', async () => {
      const record = sampleImport({ status: 'queued' });
      await h.imports.create(record);
      const done: ImportRecord = {
        ...record,
        status: 'completed',
        rowsRead: 3,
        rowsRejected: 1,
        rejected: [{ line: 3, reason: 'count: expected a whole number >= 0, found "x"' }],
        version: 2,
      };
      await h.imports.update(done, 1);
      expect(await h.imports.list({ limit: 5 })).toEqual({ items: [done], nextCursor: null });
    });
  });
};
