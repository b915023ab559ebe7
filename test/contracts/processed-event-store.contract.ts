import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProcessedEventStore } from '../../ports/processed-event-store.port';

export interface ProcessedEventStoreHarness {
  processed: ProcessedEventStore;
  close?: () => Promise<void> | void;
}

/** What every consumer-dedupe store promises, run against each adapter. */
export const describeProcessedEventStoreContract = (
  name: string,
  create: () => Promise<ProcessedEventStoreHarness> | ProcessedEventStoreHarness,
) => {
  describe(`ProcessedEventStore contract: ${name}`, () => {
    let h: ProcessedEventStoreHarness;
    beforeEach(async () => {
      h = await create();
    });
    afterEach(async () => {
      await h.close?.();
    });

    it('remembers processed events per consumer, idempotently', async () => {
      expect(await h.processed.has('mailer', 'e1')).toBe(false);
      await h.processed.record('mailer', 'e1');
      await h.processed.record('mailer', 'e1');
      expect(await h.processed.has('mailer', 'e1')).toBe(true);
      expect(await h.processed.has('audit', 'e1')).toBe(false);
      expect(await h.processed.has('mailer', 'e2')).toBe(false);
    });

    it('keeps consumers and ids apart even when their characters could run together', async () => {
      await h.processed.record('a|b', 'c');
      expect(await h.processed.has('a', 'b|c')).toBe(false);
      await h.processed.record('mailer', 'id/with#odd?chars');
      expect(await h.processed.has('mailer', 'id/with#odd?chars')).toBe(true);
    });

    it('answers concurrent marks of the same event without error', async () => {
      await Promise.all([h.processed.record('race', 'e9'), h.processed.record('race', 'e9')]);
      expect(await h.processed.has('race', 'e9')).toBe(true);
    });
  });
};
