import type { DomainEvent } from '../shared/domain-event';
import type { OrderStatus } from './order';

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
