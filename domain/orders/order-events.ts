import type { DomainEvent, EventDraft } from '../shared/domain-event';
import type { Order, OrderStatus } from './order';

export type OrderCreated = DomainEvent<
  'order.created',
  { userId: string; amount: number; currency: string; itemCount: number }
>;
export type OrderStatusChanged = DomainEvent<
  'order.status_changed',
  { userId: string; from: OrderStatus; to: OrderStatus; version: number }
>;
export type PaymentCompleted = DomainEvent<
  'payment.completed',
  { orderId: string; userId: string; amount: number; currency: string }
>;
export type OrderEvent = OrderCreated | OrderStatusChanged | PaymentCompleted;

/** The events a change of order state means; shared by the service and change feeds. */
export const orderEventsFor = (
  before: Order | null,
  after: Order | null,
): EventDraft<OrderEvent>[] => {
  if (!after) return [];
  const base = { aggregateType: 'order', aggregateId: after.id } as const;
  if (!before) {
    return [
      {
        ...base,
        type: 'order.created',
        payload: {
          userId: after.userId,
          amount: after.total,
          currency: after.currency,
          itemCount: after.items.length,
        },
      },
    ];
  }
  if (before.status === after.status) return [];
  const events: EventDraft<OrderEvent>[] = [
    {
      ...base,
      type: 'order.status_changed',
      payload: {
        userId: after.userId,
        from: before.status,
        to: after.status,
        version: after.version,
      },
    },
  ];
  if (after.status === 'paid') {
    events.push({
      ...base,
      type: 'payment.completed',
      payload: {
        orderId: after.id,
        userId: after.userId,
        amount: after.total,
        currency: after.currency,
      },
    });
  }
  return events;
};
