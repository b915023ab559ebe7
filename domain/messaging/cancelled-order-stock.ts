import { OrderNotFoundError, type OrderStatusChanged } from '../orders';
import type { Reaction } from '../shared/reaction';
import type { MessagingPorts } from './messaging-ports';
import type { MessagingService } from './messaging-service';
import { releaseReserved } from './order-fulfilment';
import { COLLECTIONS, type Fulfilment } from './records';

/**
 * Gives back the stock a cancelled order's fulfilment took: what its record says was taken
 * (every item of the order but the short ones, from the record's store), never more. No record:
 * its job has not decided, so nothing is taken that it will not give back itself (it finds the
 * order cancelled when it tries to move it). The give-backs are keyed by the order, as the
 * job's own are, so a redelivery, a crash part way or the job giving back too changes each
 * stock level once.
 */
export const giveBackCancelledStock =
  (ports: Pick<MessagingPorts, 'orders' | 'docs' | 'inventory'>) =>
  async (orderId: string): Promise<void> => {
    // Orders are never deleted: an event naming no order (a hand-sent one) took nothing, and
    // is not retried for ever.
    const order = await ports.orders.get(orderId).catch((error: unknown) => {
      if (error instanceof OrderNotFoundError) return null;
      throw error;
    });
    if (order?.status !== 'cancelled') return;
    const record = await ports.docs.get<Fulfilment>(COLLECTIONS.fulfilment, orderId);
    if (!record) return;
    const { store, shortItems = [] } = record.value;
    await releaseReserved(ports, store, order, shortItems);
  };

/**
 * A cancelled order gets its stock given back. Any cancellation: a confirmed order a client
 * cancels, and a pending one, whose job may have recorded its takes before a crash and then
 * find the order no longer pending on redelivery. A paid order cannot be cancelled
 * (ORDER_TRANSITIONS): its stock ships.
 */
export const cancelledOrderStock: Reaction<{ services: { messaging: MessagingService } }> = {
  name: 'messaging-cancelled-order-stock',
  on: ['order.status_changed'],
  run: async (event, { services }) => {
    if ((event as OrderStatusChanged).payload.to !== 'cancelled') return;
    await services.messaging.giveBackCancelledStock(event.aggregateId);
  },
};
