import type { Clock } from '../../ports/clock.port';
import type { IdGenerator } from '../../ports/id-generator.port';
import type { OrderFilter, OrderRepository } from '../../ports/order-repository.port';
import type { UserRepository } from '../../ports/user-repository.port';
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
import { orderEventsFor } from './order-events';

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
      ...(input.fulfilmentStore === undefined ? {} : { fulfilmentStore: input.fulfilmentStore }),
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    await this.orders.insert(order, this.events.stamp(orderEventsFor(null, order), now));
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

  /**
   * Holds an order for review (a rule found it high value). Idempotent: a flagged order is left
   * as it is, so a redelivered event changes nothing. Raises no event: the flag is bookkeeping
   * for reviewers, not a step of the order's lifecycle.
   */
  async flagForReview(id: string): Promise<Order> {
    const current = await this.get(id);
    if (current.flagged) return current;
    const next: Order = {
      ...current,
      flagged: true,
      updatedAt: this.clock.now().toISOString(),
      version: current.version + 1,
    };
    await this.orders.update(next, current.version, []);
    return next;
  }

  changeStatus(id: string, to: OrderStatus, expectedVersion?: number): Promise<Order> {
    return this.move(id, to, expectedVersion, {});
  }

  /** Fulfilment's confirmation (pending -> confirmed), with the tax it computed in minor units. */
  confirm(id: string, tax: number, expectedVersion?: number): Promise<Order> {
    return this.move(id, 'confirmed', expectedVersion, { tax });
  }

  private async move(
    id: string,
    to: OrderStatus,
    expectedVersion: number | undefined,
    changes: Pick<Order, 'tax'>,
  ): Promise<Order> {
    const current = await this.get(id);
    const version = expectedVersion ?? current.version;
    if (version !== current.version) {
      throw new OrderVersionMismatchError(id, version, current.version);
    }
    if (!canTransition(current.status, to))
      throw new InvalidTransitionError(id, current.status, to);
    const now = this.clock.now().toISOString();
    const next: Order = {
      ...current,
      ...changes,
      status: to,
      updatedAt: now,
      version: current.version + 1,
    };
    await this.orders.update(
      next,
      current.version,
      this.events.stamp(orderEventsFor(current, next), now),
    );
    return next;
  }
}
