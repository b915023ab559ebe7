import type { Notification, Notifier } from '../../ports/notifier.port';
import type { Reaction } from '../shared/reaction';
import type { OutOfStock } from './inventory-events';

export const OUT_OF_STOCK_SUBJECT = 'Inventory Alert!';

/** The reference's notification, word for word. */
export const outOfStockNotification = ({ store, item }: OutOfStock['payload']): Notification => ({
  subject: OUT_OF_STOCK_SUBJECT,
  message: `${store} is out of stock of ${item}`,
  attributes: { type: 'inventory.out_of_stock', store, item },
});

/**
 * One notification per out-of-stock transition: the event is raised once per transition, and
 * delivery dedupes on its id, so a redelivered event sends nothing more.
 */
export const outOfStockAlert: Reaction<{ notifier: Notifier }> = {
  name: 'out-of-stock-alert',
  on: ['inventory.out_of_stock'],
  run: async (event, { notifier }) => {
    await notifier.notify(outOfStockNotification((event as OutOfStock).payload));
  },
};
