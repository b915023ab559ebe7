import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordStore } from '../../ports/record-store.port';

export interface RecordStoreHarness {
  docs: RecordStore;
  close?: () => Promise<void> | void;
}

/** What every document store promises, run against each adapter. */
export const describeRecordStoreContract = (
  name: string,
  create: () => Promise<RecordStoreHarness> | RecordStoreHarness,
) => {
  describe(`RecordStore contract: ${name}`, () => {
    let h: RecordStoreHarness;
    beforeEach(async () => {
      h = await create();
    });
    afterEach(async () => {
      await h.close?.();
    });

    it('creates a document once, then replaces it only on the version read', async () => {
      expect(await h.docs.get('prefs', 'u-1')).toBeNull();
      expect(await h.docs.put('prefs', 'u-1', { lang: 'en' }, null)).toBe(1);
      expect(await h.docs.put('prefs', 'u-1', { lang: 'fr' }, null)).toBeNull();
      expect(await h.docs.get('prefs', 'u-1')).toEqual({ value: { lang: 'en' }, version: 1 });
      expect(await h.docs.put('prefs', 'u-1', { lang: 'de' }, 1)).toBe(2);
      expect(await h.docs.put('prefs', 'u-1', { lang: 'it' }, 1)).toBeNull();
      expect(await h.docs.get('prefs', 'u-1')).toEqual({ value: { lang: 'de' }, version: 2 });
    });

    it('refuses to replace a document that does not exist', async () => {
      expect(await h.docs.put('prefs', 'ghost', { lang: 'en' }, 1)).toBeNull();
      expect(await h.docs.get('prefs', 'ghost')).toBeNull();
    });

    it('keeps collections and ids apart, odd characters included', async () => {
      await h.docs.put('a', 'b#c', { n: 1 }, null);
      await h.docs.put('a#b', 'c', { n: 2 }, null);
      await h.docs.put('exports', 'id/with?odd#chars', { n: 3 }, null);
      expect((await h.docs.get('a', 'b#c'))?.value).toEqual({ n: 1 });
      expect((await h.docs.get('a#b', 'c'))?.value).toEqual({ n: 2 });
      expect((await h.docs.get('exports', 'id/with?odd#chars'))?.value).toEqual({ n: 3 });
    });

    it('lets one of several concurrent writers of a version win', async () => {
      await h.docs.put('counter', 'day', { count: 0 }, null);
      const results = await Promise.all(
        Array.from({ length: 5 }, (_, i) => h.docs.put('counter', 'day', { count: i + 1 }, 1)),
      );
      expect(results.filter((version) => version === 2)).toHaveLength(1);
      expect(results.filter((version) => version === null)).toHaveLength(4);
    });

    it('deletes a record whatever its version, and only that one; deleting nothing is no error', async () => {
      await h.docs.put('export', 'e-1', { n: 1 }, null);
      await h.docs.put('export', 'e-1', { n: 2 }, 1);
      await h.docs.put('export', 'e-2', { n: 3 }, null);
      await h.docs.delete('export', 'e-1');
      expect(await h.docs.get('export', 'e-1')).toBeNull();
      expect((await h.docs.get('export', 'e-2'))?.value).toEqual({ n: 3 });
      await h.docs.delete('export', 'e-1');
      await h.docs.delete('never', 'there');
      // Gone means absent: it can be created afresh, from version 1.
      expect(await h.docs.put('export', 'e-1', { n: 4 }, null)).toBe(1);
    });

    it('round-trips nested values, nulls and unicode', async () => {
      const value = { a: [1, { b: null }], text: 'Zoë ✓', empty: '' };
      await h.docs.put('misc', 'x', value, null);
      expect((await h.docs.get('misc', 'x'))?.value).toEqual(value);
    });
  });
};
