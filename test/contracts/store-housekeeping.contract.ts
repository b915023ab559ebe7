import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NotificationLog } from '../../ports/notification-log.port';
import type { Notifier } from '../../ports/notifier.port';
import type { ProcessedEventStore } from '../../ports/processed-event-store.port';
import type { StoreHousekeeping } from '../../ports/store-housekeeping.port';

export interface StoreHousekeepingHarness {
  housekeeping: StoreHousekeeping;
  processed: ProcessedEventStore;
  /** The notifications the store keeps, where it keeps them. */
  notifications?: Notifier & NotificationLog;
  close?: () => Promise<void> | void;
}

const HOUR_MS = 60 * 60 * 1000;

/** What every store's purge promises: older than the cutoff goes, the rest stays. */
export const describeStoreHousekeepingContract = (
  name: string,
  create: () => Promise<StoreHousekeepingHarness> | StoreHousekeepingHarness,
) => {
  describe(`StoreHousekeeping contract: ${name}`, () => {
    let h: StoreHousekeepingHarness;
    beforeEach(async () => {
      h = await create();
    });
    afterEach(async () => {
      await h.close?.();
    });

    it('deletes the dedupe marks recorded before the cutoff and keeps the later ones', async () => {
      await h.processed.record('mailer', 'e1');
      await h.processed.record('audit', 'e2');
      const anHourAgo = new Date(Date.now() - HOUR_MS);
      const kept = await h.housekeeping.purge({
        processedBefore: anHourAgo,
        notificationsBefore: anHourAgo,
      });
      expect(kept.processedEvents).toBe(0);
      expect(await h.processed.has('mailer', 'e1')).toBe(true);

      const inAnHour = new Date(Date.now() + HOUR_MS);
      const purged = await h.housekeeping.purge({
        processedBefore: inAnHour,
        notificationsBefore: anHourAgo,
      });
      expect(purged.processedEvents).toBe(2);
      expect(await h.processed.has('mailer', 'e1')).toBe(false);
      expect(await h.processed.has('audit', 'e2')).toBe(false);
    });

    it('deletes the notifications sent before the cutoff, or says it keeps none', async () => {
      const anHourAgo = new Date(Date.now() - HOUR_MS);
      const inAnHour = new Date(Date.now() + HOUR_MS);
      if (!h.notifications) {
        const counts = await h.housekeeping.purge({
          processedBefore: anHourAgo,
          notificationsBefore: inAnHour,
        });
        expect(counts.notifications).toBeNull();
        return;
      }
      await h.notifications.notify({ subject: 'old news', message: 'm' });
      const none = await h.housekeeping.purge({
        processedBefore: anHourAgo,
        notificationsBefore: anHourAgo,
      });
      expect(none.notifications).toBe(0);
      expect(await h.notifications.recent(10)).toHaveLength(1);
      const some = await h.housekeeping.purge({
        processedBefore: anHourAgo,
        notificationsBefore: inAnHour,
      });
      expect(some.notifications).toBe(1);
      expect(await h.notifications.recent(10)).toEqual([]);
    });
  });
};
