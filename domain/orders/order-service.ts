import type { Clock } from '../../ports/clock.port';
import type { IdGenerator } from '../../ports/id-generator.port';
import type { OrderFilter, OrderRepository } from '../../ports/order-repository.port';
import type { UserRepository } from '../../ports/user-repository.port';
import type { DomainEvent } from '../shared/domain-event';
import { EventFactory } from '../shared/event-factory';
import type { Page, PageRequest } from '../shared/pagination';
import type { CreateOrderInput, Order, OrderStatus } from './order';
import { canTransition } from './order';
import {
  InvalidTransitionError,
  OrderNotFoundError,
  OrderTotalTooLargeError,
  OrderUserNotFoundError,
  OrderVersionMismatchError,
} from './order-errors';
import type { OrderCreated, OrderStatusChanged, PaymentCompleted } from './order-events';

export class OrderService {
  private readonly events: EventFactory;

  constructor(
    private readonly orders: OrderRepository,
    private readonly users: UserRepository,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {
    this.events = new EventFactory(ids, clock);
  }

  async create(input: CreateOrderInput): Promise<Order> {
    if (!(await this.users.findById(input.userId))) throw new OrderUserNotFoundError(input.userId);
    // The total is the server's: computed here, never read from the client.
    const total = input.items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0);
    if (!Number.isSafeInteger(total)) throw new OrderTotalTooLargeError();
    const now = this.clock.now().toISOString();
    const order: Order = {
      id: this.ids.next(),
      userId: input.userId,
      items: input.items,
      currency: input.currency,
      total,
      status: 'pending',
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    const created = this.events.create<OrderCreated>(
      'order.created',
      'order',
      order.id,
      {
        userId: order.userId,
        amount: total,
        currency: order.currency,
        itemCount: order.items.length,
      },
      now,
    );
    await this.orders.insert(order, [created]);
    return order;
  }

  async get(id: string): Promise<Order> {
    const order = await this.orders.findById(id);
    if (!order) throw new OrderNotFoundError(id);
    return order;
  }

  list(filter: OrderFilter, page: PageRequest): Promise<Page<Order>> {
    return this.orders.list(filter, page);
  }

  async changeStatus(id: string, to: OrderStatus, expectedVersion?: number): Promise<Order> {
    const current = await this.get(id);
    const version = expectedVersion ?? current.version;
    if (version !== current.version) {
      throw new OrderVersionMismatchError(id, version, current.version);
    }
    if (!canTransition(current.status, to))
      throw new InvalidTransitionError(id, current.status, to);
    const now = this.clock.now().toISOString();
    const next: Order = { ...current, status: to, updatedAt: now, version: current.version + 1 };
    const events: DomainEvent[] = [
      this.events.create<OrderStatusChanged>(
        'order.status_changed',
        'order',
        id,
        { userId: current.userId, from: current.status, to, version: next.version },
        now,
      ),
    ];
    if (to === 'paid') {
      events.push(
        this.events.create<PaymentCompleted>(
          'payment.completed',
          'order',
          id,
          {
            orderId: id,
            userId: current.userId,
            amount: current.total,
            currency: current.currency,
          },
          now,
        ),
      );
    }
    await this.orders.update(next, current.version, events);
    return next;
  }
}
