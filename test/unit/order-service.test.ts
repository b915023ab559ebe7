import { describe, expect, it } from 'vitest';
import { createOrderSchema, ORDER_TRANSITIONS, type OrderStatus } from '../../domain/orders/order';
import { memoryWorld } from '../support/memory-world';

const setup = async () => {
  const world = memoryWorld();
  const user = await world.users.create({ name: 'Ada', email: 'ada@example.com' });
  const input = {
    userId: user.id,
    currency: 'EUR',
    items: [
      { sku: 'BOOK-1', quantity: 2, unitPrice: 1250 },
      { sku: 'PEN-9', quantity: 3, unitPrice: 199 },
    ],
  };
  return { ...world, user, input };
};

const STATUSES = Object.keys(ORDER_TRANSITIONS) as OrderStatus[];

/** Walks an order to `status` along allowed moves. */
const PATH: Record<OrderStatus, OrderStatus[]> = {
  pending: [],
  confirmed: ['confirmed'],
  paid: ['confirmed', 'paid'],
  shipped: ['confirmed', 'paid', 'shipped'],
  delivered: ['confirmed', 'paid', 'shipped', 'delivered'],
  cancelled: ['cancelled'],
};

describe('OrderService', () => {
  it('computes the total on the server and starts pending', async () => {
    const { orders, input, events } = await setup();
    const order = await orders.create(input);
    expect(order).toMatchObject({ total: 2 * 1250 + 3 * 199, status: 'pending', version: 1 });
    expect(events().at(-1)).toMatchObject({
      type: 'order.created',
      payload: { amount: 3097, currency: 'EUR', itemCount: 2 },
    });
  });

  it('refuses an order for an unknown user with ORDER.USER_NOT_FOUND', async () => {
    const { orders, input } = await setup();
    await expect(orders.create({ ...input, userId: 'ghost' })).rejects.toMatchObject({
      code: 'ORDER.USER_NOT_FOUND',
    });
  });

  it('refuses a total beyond exact integer range', async () => {
    const { orders, input } = await setup();
    const items = [{ sku: 'GOLD', quantity: 1_000_000, unitPrice: Number.MAX_SAFE_INTEGER }];
    await expect(orders.create({ ...input, items })).rejects.toMatchObject({
      code: 'ORDER.TOTAL_TOO_LARGE',
    });
  });

  describe.each(STATUSES)('from %s', (from) => {
    it.each(STATUSES)('to %s follows the lifecycle table', async (to) => {
      const { orders, input } = await setup();
      let order = await orders.create(input);
      for (const step of PATH[from]) order = await orders.changeStatus(order.id, step);
      const move = orders.changeStatus(order.id, to);
      if (ORDER_TRANSITIONS[from].includes(to)) {
        await expect(move).resolves.toMatchObject({ status: to, version: order.version + 1 });
      } else {
        await expect(move).rejects.toMatchObject({
          code: 'ORDER.INVALID_TRANSITION',
          details: { from, to },
        });
      }
    });
  });

  it('records order.status_changed on every move and payment.completed on paid', async () => {
    const { orders, input, events } = await setup();
    const order = await orders.create(input);
    await orders.changeStatus(order.id, 'confirmed');
    await orders.changeStatus(order.id, 'paid');
    expect(events().map((event) => event.type)).toEqual([
      'user.created',
      'order.created',
      'order.status_changed',
      'order.status_changed',
      'payment.completed',
    ]);
    expect(events().at(-1)).toMatchObject({
      payload: { orderId: order.id, amount: 3097, currency: 'EUR' },
    });
    expect(events().at(-2)).toMatchObject({
      payload: { from: 'confirmed', to: 'paid', version: 3 },
    });
  });

  it('rejects a stale version with ORDER.VERSION_MISMATCH', async () => {
    const { orders, input } = await setup();
    const order = await orders.create(input);
    await orders.changeStatus(order.id, 'confirmed', 1);
    await expect(orders.changeStatus(order.id, 'paid', 1)).rejects.toMatchObject({
      code: 'ORDER.VERSION_MISMATCH',
    });
  });

  it('lists orders by user and by status', async () => {
    const { orders, users, input } = await setup();
    const other = await users.create({ name: 'Bob', email: 'bob@example.com' });
    const first = await orders.create(input);
    await orders.create(input);
    await orders.create({ ...input, userId: other.id });
    await orders.changeStatus(first.id, 'confirmed');
    const page = { limit: 10 };
    expect((await orders.list({ userId: input.userId }, page)).items).toHaveLength(2);
    expect((await orders.list({ status: 'confirmed' }, page)).items.map((o) => o.id)).toEqual([
      first.id,
    ]);
    expect((await orders.list({ userId: other.id, status: 'pending' }, page)).items).toHaveLength(
      1,
    );
  });
});

describe('order input schema', () => {
  const valid = { userId: 'u', currency: 'usd', items: [{ sku: 'A', quantity: 1, unitPrice: 0 }] };

  it('accepts ISO 4217 codes in any case and stores them upper-case', () => {
    expect(createOrderSchema.parse(valid).currency).toBe('USD');
  });

  it.each([
    [{ ...valid, currency: 'XYZ' }, 'currency'],
    [{ ...valid, items: [] }, 'items'],
    [{ ...valid, items: Array.from({ length: 101 }, () => valid.items[0]) }, 'items'],
    [{ ...valid, items: [{ sku: 'A', quantity: 0, unitPrice: 1 }] }, 'items'],
    [{ ...valid, items: [{ sku: 'A', quantity: 1, unitPrice: -1 }] }, 'items'],
    [{ ...valid, items: [{ sku: 'A', quantity: 1, unitPrice: 1.5 }] }, 'items'],
    [{ ...valid, total: 5 }, ''],
  ])('rejects %j', (input, field) => {
    const result = createOrderSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(String(result.error?.issues[0]?.path[0] ?? '')).toBe(field);
  });
});
