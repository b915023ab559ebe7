import type { RecordStore } from '../../ports/record-store.port';
import type { OutOfStock } from '../inventory';
import type { DomainEvent } from '../shared/domain-event';
import type { Reaction } from '../shared/reaction';
import { updateRecord } from '../shared/versioned-records';

/** One out-of-stock alert: the transition's event id, so the same event is never counted twice. */
export interface OutOfStockAlert {
  eventId: string;
  store: string;
  item: string;
}

interface DayAlerts {
  alerts: OutOfStockAlert[];
}

const COLLECTION = 'out-of-stock-alerts';

/**
 * Adds the event's alert to its UTC day's set, keyed by the event id: the reactor already runs a
 * reaction once per event id, and this makes a rerun (a crash between the write and the
 * reactor's mark) a no-op too. One record a day: zero-transitions are rare next to orders.
 */
export const countOutOfStock = async (records: RecordStore, event: DomainEvent): Promise<void> => {
  const { store, item } = (event as OutOfStock).payload;
  await updateRecord<DayAlerts>(records, COLLECTION, event.occurredAt.slice(0, 10), (before) =>
    before?.alerts.some((alert) => alert.eventId === event.id)
      ? before
      : { alerts: [...(before?.alerts ?? []), { eventId: event.id, store, item }] },
  );
};

export const outOfStockOn = async (records: RecordStore, day: string): Promise<OutOfStockAlert[]> =>
  (await records.get<DayAlerts>(COLLECTION, day))?.value.alerts ?? [];

interface OutOfStockCounter {
  countOutOfStock(event: DomainEvent): Promise<void>;
}

/** Counts every stock level's transition to zero for the daily report. */
export const countOutOfStockAlerts: Reaction<{ services: { operations: OutOfStockCounter } }> = {
  name: 'operations-count-out-of-stock',
  on: ['inventory.out_of_stock'],
  run: (event, { services }) => services.operations.countOutOfStock(event),
};
