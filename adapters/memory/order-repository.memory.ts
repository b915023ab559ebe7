import type { Order } from '../../domain/orders/order';
import { OrderNotFoundError, OrderVersionMismatchError } from '../../domain/orders/order-errors';
import type { DomainEvent } from '../../domain/shared/domain-event';
import type { Page, PageRequest } from '../../domain/shared/pagination';
import type { OrderFilter, OrderRepository } from '../../ports/order-repository.port';
import { pageByKey } from './key-page';
import type { MemoryOutbox } from './outbox.memory';

export class MemoryOrderRepository implements OrderRepository {
  private readonly byId = new Map<string, Order>();

  constructor(private readonly outbox: MemoryOutbox) {}

  async insert(order: Order, events: readonly DomainEvent[]): Promise<void> {
    this.byId.set(order.id, structuredClone(order));
    this.outbox.append(events);
  }

  async update(
    order: Order,
    expectedVersion: number,
    events: readonly DomainEvent[],
  ): Promise<void> {
    const current = this.byId.get(order.id);
    if (!current) throw new OrderNotFoundError(order.id);
    if (current.version !== expectedVersion) {
      throw new OrderVersionMismatchError(order.id, expectedVersion, current.version);
    }
    this.byId.set(order.id, structuredClone(order));
    this.outbox.append(events);
  }

  async findById(id: string): Promise<Order | null> {
    const order = this.byId.get(id);
    return order ? structuredClone(order) : null;
  }

  async list(filter: OrderFilter, page: PageRequest): Promise<Page<Order>> {
    const sorted = [...this.byId.values()]
      .filter(
        (o) =>
          (filter.userId === undefined || o.userId === filter.userId) &&
          (filter.status === undefined || o.status === filter.status) &&
          (filter.flagged === undefined || (o.flagged === true) === filter.flagged),
      )
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    return structuredClone(pageByKey(sorted, page));
  }
}
