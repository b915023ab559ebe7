import type { Logger } from '../../ports/logger.port';
import type { Notifier } from '../../ports/notifier.port';
import type { Reaction } from '../shared/reaction';
import type { OrderService } from './order-service';
import { formatMinor } from './payment-notice';

/**
 * The order-status rule's target: one line per order that is pending, confirmed or paid, the
 * orders still in the hands of sales. Like the user audit it reacts to nothing by itself: the
 * rule's pattern chooses the events.
 */
export const orderStatusLog: Reaction<{ logger: Logger }> = {
  name: 'order-status',
  on: [],
  run: async (event, { logger }) => {
    const payload = event.payload as { to?: string; userId?: string };
    logger.info(
      {
        orderId: event.aggregateId,
        userId: payload.userId,
        // order.created carries no status: a new order is pending.
        status: payload.to ?? 'pending',
      },
      'order status',
    );
  },
};

export const DEFAULT_SALES_ADDRESS = 'sales@example.com';

export interface HighValueReviewPorts {
  notifier: Notifier;
  services: { orders: OrderService; sales: { address: string } };
}

/**
 * What a `high-value-order` event (raised by the rule of that name) does: the order is held for
 * review (GET /orders?flagged=true) and sales are told. Flagging is idempotent and the reaction
 * runs once per event, so a redelivery neither re-flags nor notifies twice.
 */
export const highValueReview: Reaction<HighValueReviewPorts> = {
  name: 'high-value-order-review',
  on: ['high-value-order'],
  run: async (event, { notifier, services }) => {
    const { amount, currency, userId } = event.payload as {
      amount: number;
      currency: string;
      userId: string;
    };
    const order = await services.orders.flagForReview(event.aggregateId);
    await notifier.notify({
      subject: `High-value order ${order.id} to review`,
      message: `Order ${order.id} of user ${userId} is ${formatMinor(amount, currency)}: held for review.`,
      attributes: { type: event.type, to: services.sales.address, orderId: order.id },
    });
  },
};
