import { InsufficientStockError, StockNotFoundError } from '../inventory';
import {
  formatMinor,
  InvalidTransitionError,
  type Order,
  OrderNotFoundError,
  OrderVersionMismatchError,
} from '../orders';
import { createIfAbsent } from '../shared/versioned-records';
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
 * The idempotency keys of an order's reservation and of its release: each is applied once per
 * stock level whatever the deliveries, so a job redelivered after a crash takes (or gives
 * back) its stock exactly once.
 */
const reserveKey = (orderId: string) => `order:${orderId}:reserve`;
const releaseKey = (orderId: string) => `order:${orderId}:release`;

/**
 * Takes every item's quantity from the store's stock, each take keyed by the order (a repeat
 * takes nothing again) and atomic in the inventory (never below zero, whatever runs
 * concurrently). Every item is tried; resolves with the short ones (none: all reserved). The
 * takes are not given back here: the caller records its decision first, so a delivery after a
 * crash knows which were taken (every item not short) and releases exactly those.
 */
export const reserveAll = async (
  ports: Pick<MessagingPorts, 'inventory'>,
  store: string,
  order: Order,
): Promise<ShortItem[]> => {
  const short: ShortItem[] = [];
  for (const [sku, quantity] of quantities(order)) {
    try {
      await ports.inventory.adjust({ store, item: sku }, -quantity, reserveKey(order.id));
    } catch (error) {
      const item = shortOf(error, sku, quantity);
      if (!item) throw error;
      short.push(item);
    }
  }
  return short;
};

/**
 * Gives back every item reserved for the order (all but the short ones), once: the job that
 * finds the order short and the reaction to its cancellation (cancelled-order-stock.ts) give
 * back under this one key, so between them each item comes back at most once.
 */
export const releaseReserved = async (
  ports: Pick<MessagingPorts, 'inventory'>,
  store: string,
  order: Order,
  shortItems: readonly ShortItem[],
) => {
  const short = new Set(shortItems.map((item) => item.sku));
  for (const [sku, quantity] of quantities(order)) {
    if (!short.has(sku))
      await ports.inventory.adjust({ store, item: sku }, quantity, releaseKey(order.id));
  }
};

/**
 * The fulfilment decision of an order: the one an earlier delivery recorded (it stands, so a
 * redelivery cannot confirm an order whose takes were given back), or a new one after taking
 * the stock, recorded before anything is given back.
 */
const decide = async (
  ports: MessagingPorts,
  options: MessagingOptions,
  order: Order,
  requestedStore: string | undefined,
): Promise<Fulfilment> => {
  const stored = await ports.docs.get<Fulfilment>(COLLECTIONS.fulfilment, order.id);
  if (stored) return stored.value;
  const store = requestedStore ?? order.fulfilmentStore ?? options.defaultStore;
  const shortItems = await reserveAll(ports, store, order);
  const { tax, rateBasisPoints } = taxFor(order.total, order.currency, options.taxRates);
  const confirmed = shortItems.length === 0;
  const fulfilment: Fulfilment = {
    orderId: order.id,
    store,
    status: confirmed ? 'confirmed' : 'cancelled',
    ...(confirmed ? {} : { reason: 'INSUFFICIENT_STOCK' as const, shortItems }),
    currency: order.currency,
    tax,
    taxRateBasisPoints: rateBasisPoints,
    decidedAt: ports.clock.now().toISOString(),
  };
  // Create-if-absent: a concurrent delivery that recorded first decided; its decision stands.
  if (await createIfAbsent(ports.docs, COLLECTIONS.fulfilment, order.id, fulfilment)) {
    return fulfilment;
  }
  const winner = await ports.docs.get<Fulfilment>(COLLECTIONS.fulfilment, order.id);
  if (!winner) throw new Error(`The fulfilment of order ${order.id} vanished.`);
  return winner.value;
};

/** Tries at moving a still-pending order whose version changed under it, before a retry. */
const MAX_MOVE_ATTEMPTS = 5;

/**
 * A new order: reserve its items in its fulfilment store, compute its tax, then confirm it
 * (pending -> confirmed, the tax stored on the order) or cancel it for INSUFFICIENT_STOCK, and
 * tell the customer. An order no longer pending was decided by an earlier delivery: nothing is
 * done again. Every step is safe to run again after a crash: the takes and releases are keyed
 * by the order, the decision is recorded once, the order moves on its version.
 */
export const handleOrderCreated =
  (ports: MessagingPorts, options: MessagingOptions) =>
  async ({ orderId, fulfilmentStore }: MessageOf<'order_created'>): Promise<void> => {
    const order = await orderOrReject(ports, orderId);
    if (order.status !== 'pending') return;
    const fulfilment = await decide(ports, options, order, fulfilmentStore);
    const { store, tax } = fulfilment;
    const shortItems = fulfilment.shortItems ?? [];
    const confirmed = fulfilment.status === 'confirmed';
    if (!confirmed) await releaseReserved(ports, store, order, shortItems);
    // The order moves on the version read; a pending order whose version moved anyway was
    // changed by bookkeeping (the review flag a high-value rule sets), so it is read again.
    let version = order.version;
    for (let attempt = 1; ; attempt += 1) {
      try {
        if (confirmed) await ports.orders.confirm(orderId, tax, version);
        else await ports.orders.changeStatus(orderId, 'cancelled', version);
        break;
      } catch (error) {
        if (
          !(error instanceof OrderVersionMismatchError || error instanceof InvalidTransitionError)
        ) {
          throw error;
        }
        const now = await ports.orders.get(orderId);
        if (now.status === 'pending' && attempt < MAX_MOVE_ATTEMPTS) {
          version = now.version;
          continue;
        }
        if (now.status === 'pending') throw error; // still racing: the job is retried
        // Another delivery of this message moved the order first (its decision is this one,
        // and its takes are these), or a client cancelled it meanwhile: then the takes are
        // given back.
        if (confirmed && now.status === 'cancelled') {
          await releaseReserved(ports, store, order, []);
        }
        return;
      }
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
