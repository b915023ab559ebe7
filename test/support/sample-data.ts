import type { Order } from '../../domain/orders/order';
import type { DomainEvent } from '../../domain/shared/domain-event';
import type { User } from '../../domain/users/user';

let counter = 0;
/** Ids that sort in creation order, like the real UUIDv7 ones. */
export const nextId = (prefix = 'id') => `${prefix}-${String(++counter).padStart(10, '0')}`;

export const sampleUser = (overrides: Partial<User> = {}): User => {
  const id = overrides.id ?? nextId('user');
  return {
    id,
    name: `User ${id}`,
    email: `${id}@example.com`,
    age: 30,
    status: 'active',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    version: 1,
    ...overrides,
  };
};

export const sampleOrder = (overrides: Partial<Order> = {}): Order => ({
  id: overrides.id ?? nextId('order'),
  userId: 'user-x',
  items: [{ sku: 'SKU-1', quantity: 2, unitPrice: 500 }],
  currency: 'EUR',
  total: 1000,
  status: 'pending',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
  ...overrides,
});

export const sampleEvent = (type = 'thing.happened', aggregateId = 'agg-1'): DomainEvent => ({
  id: nextId('event'),
  type,
  occurredAt: '2026-01-01T00:00:00.000Z',
  aggregateType: 'thing',
  aggregateId,
  payload: { n: counter },
});
