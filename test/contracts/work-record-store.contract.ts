import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blankImageRecord, type ImageRecord } from '../../domain/images/image-record';
import { InvalidCursorError } from '../../domain/shared/domain-error';
import type { OutboxStore } from '../../ports/outbox.port';
import type { WorkRecordStore } from '../../ports/work-record-store.port';
import { sampleEvent } from '../support/sample-data';

export interface WorkRecordStoreHarness {
  images: WorkRecordStore<ImageRecord>;
  /** Where the store's events go; absent on DynamoDB, whose stream derives them (tested there). */
  outbox?: OutboxStore;
  close?: () => Promise<void> | void;
}

const FAR_FUTURE = new Date('2999-01-01T00:00:00Z');

export const sampleImageRecord = (overrides: Partial<ImageRecord> = {}): ImageRecord => ({
  ...blankImageRecord({
    id: '0b0f8c2e-6a1d-4c3e-9f00-1234567890ab',
    source: 'images/uploads/ä b.png',
    sourceVersion: 'etag-1',
    status: 'processing',
    createdAt: '2026-05-01T10:00:00.000Z',
    startedAt: '2026-05-01T10:00:00.000Z',
    finishedAt: null,
    updatedAt: '2026-05-01T10:00:00.000Z',
    version: 1,
  }),
  ...overrides,
});

const done = (record: ImageRecord): ImageRecord => ({
  ...record,
  status: 'done',
  format: 'png',
  width: 640,
  height: 480,
  orientation: 1,
  mode: 'RGBA',
  transparency: true,
  bytes: 1234,
  variants: [
    {
      name: 'thumbnail_150x150',
      key: 'processed/images/x_thumbnail_150x150.jpg',
      width: 150,
      height: 113,
      bytes: 900,
    },
    {
      name: 'optimized',
      key: 'processed/images/x_optimized.jpg',
      width: 640,
      height: 480,
      bytes: 40_000,
    },
  ],
  finishedAt: '2026-05-01T10:00:01.000Z',
  updatedAt: '2026-05-01T10:00:01.000Z',
  version: record.version + 1,
});

/** The promises of WorkRecordStore (images and documents share the adapters), on every store. */
export const describeWorkRecordStoreContract = (
  name: string,
  create: () => Promise<WorkRecordStoreHarness> | WorkRecordStoreHarness,
) => {
  describe(`WorkRecordStore contract: ${name}`, () => {
    let h: WorkRecordStoreHarness;
    beforeEach(async () => {
      h = await create();
    });
    afterEach(async () => {
      await h.close?.();
    });
    const pendingEventIds = async () =>
      h.outbox ? (await h.outbox.due(1000, FAR_FUTURE)).map((entry) => entry.event.id) : [];

    it('creates once per id and reads back exactly what it stored', async () => {
      const record = sampleImageRecord();
      expect(await h.images.findById(record.id)).toBeNull();
      expect(await h.images.create(record, [])).toBe(true);
      expect(await h.images.create({ ...record, status: 'queued' }, [])).toBe(false);
      expect(await h.images.findById(record.id)).toEqual(record);
    });

    it('updates on the expected version only, with its events, and never writes an undefined field', async () => {
      const record = sampleImageRecord({ failure: { code: 'INTERNAL', message: 'earlier try' } });
      await h.images.create(record, []);
      const next = { ...done(record), failure: undefined };
      const event = sampleEvent('image.processed', record.id);
      expect(await h.images.update(next, 7, [sampleEvent('image.processed', record.id)])).toBe(
        false,
      );
      expect(await h.images.update(next, 1, [event])).toBe(true);
      expect(await h.images.update({ ...next, version: 3 }, 1, [])).toBe(false);
      const stored = await h.images.findById(record.id);
      expect(stored).toEqual(JSON.parse(JSON.stringify(next)));
      expect(stored && 'failure' in stored).toBe(false);
      if (h.outbox) expect(await pendingEventIds()).toEqual([event.id]);
    });

    it('does not update a record that does not exist', async () => {
      expect(await h.images.update(sampleImageRecord({ version: 2 }), 1, [])).toBe(false);
      expect(await h.images.findById(sampleImageRecord().id)).toBeNull();
    });

    it('lists every record once, in id order, page by page', async () => {
      const ids = Array.from({ length: 7 }, (_, i) => `${(i * 37) % 10}${i}-image`);
      for (const id of ids) await h.images.create(sampleImageRecord({ id }), []);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await h.images.list({ limit: 3, cursor });
        expect(page.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.items.map((record) => record.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual([...ids].sort());
      expect((await h.images.list({ limit: 10 })).nextCursor).toBeNull();
    });

    it('refuses a cursor it did not issue', async () => {
      await expect(h.images.list({ limit: 2, cursor: 'not-a-cursor' })).rejects.toThrow(
        InvalidCursorError,
      );
    });
  });
};
