import { outOfStockAlert } from '../../domain/inventory/out-of-stock-alert';
import type { PaymentCompleted } from '../../domain/orders/order-events';
import type { EventHandler } from '../../ports/event-bus.port';
import type { Logger } from '../../ports/logger.port';
import type { Notifier } from '../../ports/notifier.port';

/** Amounts are integer minor units: 4848 EUR is €48.48, 500 JPY is ¥500. */
const formatMinor = (amount: number, currency: string): string => {
  const format = new Intl.NumberFormat('en', { style: 'currency', currency });
  return format.format(amount / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
};

export interface Consumer {
  /** Dedupe marks are kept per consumer name: renaming one replays nothing, but forgets its marks. */
  name: string;
  handler: EventHandler;
}

/**
 * What the EventBridge target does with each domain event. Until domain/messaging defines
 * consumers and rules as data, they are listed here: the delivery log the server writes too,
 * and a notification when an order is paid.
 */
export const eventConsumers = (deps: { logger: Logger; notifier: Notifier }): Consumer[] => [
  {
    name: 'event-log',
    handler: async (event) => {
      deps.logger.info(
        { eventId: event.id, type: event.type, aggregateId: event.aggregateId },
        'event delivered',
      );
    },
  },
  {
    name: 'payment-notification',
    handler: async (event) => {
      if (event.type !== 'payment.completed') return;
      const { orderId, userId, amount, currency } = (event as PaymentCompleted).payload;
      await deps.notifier.notify({
        subject: `Payment received for order ${orderId}`,
        message: `Order ${orderId} of user ${userId} was paid: ${formatMinor(amount, currency)}.`,
        attributes: { type: event.type, userId },
      });
    },
  },
  { name: 'out-of-stock-alert', handler: outOfStockAlert(deps.notifier) },
];
