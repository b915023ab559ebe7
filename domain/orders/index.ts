/** What other domains may use of orders. */
export type { Order, OrderItem, OrderStatus } from './order';
export {
  InvalidTransitionError,
  OrderNotFoundError,
  OrderVersionMismatchError,
} from './order-errors';
export type { OrderCreated, OrderStatusChanged } from './order-events';
export type { OrderService } from './order-service';
export { formatMinor } from './payment-notice';
