import type { Order, OrderStatus } from '../domain/orders/order';
import type { DomainEvent } from '../domain/shared/domain-event';
import type { Page, PageRequest } from '../domain/shared/pagination';

export interface OrderFilter {
  userId?: string | undefined;
  status?: OrderStatus | undefined;
  /** true: only the orders flagged for review; false: only the others. */
  flagged?: boolean | undefined;
}

/**
 * Orders, each written atomically with the events the change raised. Updates are
 * conditional on `expectedVersion` (OrderVersionMismatchError, OrderNotFoundError).
 */
export interface OrderRepository {
  insert(order: Order, events: readonly DomainEvent[]): Promise<void>;
  update(order: Order, expectedVersion: number, events: readonly DomainEvent[]): Promise<void>;
  findById(id: string): Promise<Order | null>;
  /** Stable order: oldest first, filtered by user, status and/or flag. */
  list(filter: OrderFilter, page: PageRequest): Promise<Page<Order>>;
}
