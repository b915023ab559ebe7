import { InsufficientStockError, StockNotFoundError } from '../inventory';
import {
  formatMinor,
  InvalidTransitionError,
  type Order,
  OrderNotFoundError,
  OrderVersionMismatchError,
} from '../orders';
import { type MessageOf, permanentIfMissing } from './job-messages';
import type { MessagingOptions, MessagingPorts } from './messaging-ports';
import { COLLECTIONS, type Fulfilment, type ShortItem } from './records';
import { taxFor } from './tax';

export const orderOrReject = (ports: Pick<MessagingPorts, 'orders'>, orderId: string) =>
  permanentIfMissing(ports.orders.get(orderId), OrderNotFoundError);

/** The quantity of each sku (an order may list one sku on several lines). */
const quantities = (order: Order): Map<string, number> => {
  const bySku = new Map<string, number>();
  for (const item of order.items) bySku.set(item.sku, (bySku.get(item.sku) ?? 0) + item.quantity);
  return bySku;
};

const shortOf = (error: unknown, sku: string, requested: number): ShortItem | null => {
  if (error instanceof InsufficientStockError) {
    return { sku, requested, available: (error.details as { available: number }).available };
  }
  if (error instanceof StockNotFoundError) return { sku, requested, available: 0 };
  return null;
};

/**
 * Takes every item's quantity from the store's stock, all or nothing: each take is atomic in
 * the inventory (never below zero, whatever runs concurrently), and if any item is short the
 * takes already made are given back. Resolves with the short items (none: all reserved).
 */
export const reserveAll = async (
  ports: Pick<MessagingPorts, 'inventory'>,
  store: string,
  order: Order,
): Promise<ShortItem[]> => {
  const reserved: [string, number][] = [];
  const short: ShortItem[] = [];
  try {
    for (const [sku, quantity] of quantities(order)) {
      try {
        await ports.inventory.adjust({ store, item: sku }, -quantity);
        reserved.push([sku, quantity]);
      } catch (error) {
        const item = shortOf(error, sku, quantity);
        if (!item) throw error;
        short.push(item);
      }
    }
  } catch (error) {
    await release(ports, store, reserved);
    throw error;
  }
  if (short.length > 0) await release(ports, store, reserved);
  return short;
};

const release = async (
  ports: Pick<MessagingPorts, 'inventory'>,
  store: string,
  reserved: readonly [string, number][],
) => {
  for (const [sku, quantity] of reserved)
    await ports.inventory.adjust({ store, item: sku }, quantity);
};

/**
 * A new order: reserve its items in its fulfilment store, compute its tax, then confirm it
 * (pending -> confirmed) or cancel it for INSUFFICIENT_STOCK, and tell the customer. An order
 * no longer pending was decided by an earlier delivery: nothing is done again.
 */
export const handleOrderCreated =
  (ports: MessagingPorts, options: MessagingOptions) =>
  async ({ orderId, fulfilmentStore }: MessageOf<'order_created'>): Promise<void> => {
    const order = await orderOrReject(ports, orderId);
    if (order.status !== 'pending') return;
    const store = fulfilmentStore ?? options.defaultStore;
    const shortItems = await reserveAll(ports, store, order);
    const { tax, rateBasisPoints } = taxFor(order.total, order.currency, options.taxRates);
    const confirmed = shortItems.length === 0;
    const fulfilment: Fulfilment = {
      orderId,
      store,
      status: confirmed ? 'confirmed' : 'cancelled',
      ...(confirmed ? {} : { reason: 'INSUFFICIENT_STOCK' as const, shortItems }),
      currency: order.currency,
      tax,
      taxRateBasisPoints: rateBasisPoints,
      decidedAt: ports.clock.now().toISOString(),
    };
    const stored = await ports.docs.get<Fulfilment>(COLLECTIONS.fulfilment, orderId);
    await ports.docs.put(COLLECTIONS.fulfilment, orderId, fulfilment, stored?.version ?? null);
    try {
      await ports.orders.changeStatus(
        orderId,
        confirmed ? 'confirmed' : 'cancelled',
        order.version,
      );
    } catch (error) {
      if (
        !(error instanceof OrderVersionMismatchError || error instanceof InvalidTransitionError)
      ) {
        throw error;
      }
      // Another delivery of this message (or a client) moved the order first: its decision
      // stands, and this one's reservations are given back.
      if (confirmed) await release(ports, store, [...quantities(order)]);
      return;
    }
    const user = await ports.users.get(order.userId).catch(() => null);
    await ports.notifier.notify(
      confirmed
        ? {
            subject: `Order ${orderId} confirmed`,
            message: `Your order ${orderId} is confirmed: ${formatMinor(order.total, order.currency)}, of which tax ${formatMinor(tax, order.currency)}.`,
            attributes: {
              type: 'order_confirmed',
              orderId,
              userId: order.userId,
              to: user?.email ?? '',
            },
          }
        : {
            subject: `Order ${orderId} rejected`,
            message: `Your order ${orderId} was cancelled: not enough stock of ${shortItems.map((item) => item.sku).join(', ')}.`,
            attributes: {
              type: 'order_rejected',
              orderId,
              userId: order.userId,
              to: user?.email ?? '',
            },
          },
    );
  };
