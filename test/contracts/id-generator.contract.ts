import { describe, expect, it } from 'vitest';
import type { IdGenerator } from '../../ports/id-generator.port';

/** Ids are unique and sort in creation order: cursors and the outbox's order rely on it. */
export const describeIdGeneratorContract = (name: string, create: () => IdGenerator) => {
  describe(`IdGenerator contract: ${name}`, () => {
    it('hands out unique ids that sort in the order they were made, even within a millisecond', () => {
      const ids = create();
      const made = Array.from({ length: 5000 }, () => ids.next());
      expect(new Set(made).size).toBe(made.length);
      expect([...made].sort()).toEqual(made);
    });

    it('makes ids that fit a URL path segment and a storage key as they are', () => {
      const id = create().next();
      expect(id).toMatch(/^[A-Za-z0-9-]{1,64}$/);
    });
  });
};
