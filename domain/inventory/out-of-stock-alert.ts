import type { EventHandler } from '../../ports/event-bus.port';
import type { Notification, Notifier } from '../../ports/notifier.port';
import type { OutOfStock } from './inventory-events';

export const OUT_OF_STOCK_SUBJECT = 'Inventory Alert!';

/** The reference's notification, word for word. */
export const outOfStockNotification = ({ store, item }: OutOfStock['payload']): Notification => ({
  subject: OUT_OF_STOCK_SUBJECT,
  message: `${store} is out of stock of ${item}`,
  attributes: { type: 'inventory.out_of_stock', store, item },
});

/**
 * Sends one notification per out-of-stock transition. Deliver it through an idempotent
 * consumer (dedupe on event id): the event is raised once per transition, and the dedupe makes
 * a redelivered event send nothing more.
 */
export const outOfStockAlert =
  (notifier: Notifier): EventHandler =>
  async (event) => {
    if (event.type !== 'inventory.out_of_stock') return;
    await notifier.notify(outOfStockNotification((event as OutOfStock).payload));
  };
