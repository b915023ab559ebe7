import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SystemClock } from '../../adapters/local/clock.system';
import { InProcessEventBus } from '../../adapters/local/event-bus.in-process';
import { UuidV7IdGenerator } from '../../adapters/local/id-generator.uuidv7';
import { OutboxRelay } from '../../adapters/local/outbox-relay';
import { createPinoLogger } from '../../adapters/pino/logger.pino';
import { SqliteOrderRepository } from '../../adapters/sqlite/order-repository.sqlite';
import { ordersSchema } from '../../adapters/sqlite/orders-schema.sqlite';
import { SqliteOutbox } from '../../adapters/sqlite/outbox.sqlite';
import { SqliteProcessedEventStore } from '../../adapters/sqlite/processed-event-store.sqlite';
import { SqliteDatabase } from '../../adapters/sqlite/sqlite-database';
import { SqliteUserRepository } from '../../adapters/sqlite/user-repository.sqlite';
import { usersSchema } from '../../adapters/sqlite/users-schema.sqlite';
import { OrderService } from '../../domain/orders/order-service';
import type { DomainEvent } from '../../domain/shared/domain-event';
import { idempotentConsumer } from '../../domain/shared/idempotent-consumer';
import { UserService } from '../../domain/users/user-service';
import { tempDir } from '../support/temp-dir';

/** One "process": a database handle, services, a bus with a deduping consumer, a relay. */
const boot = (file: string, received: DomainEvent[], options: { failMarking?: boolean } = {}) => {
  const db = new SqliteDatabase(file, [usersSchema, ordersSchema]);
  const clock = new SystemClock();
  const ids = new UuidV7IdGenerator();
  const userRepository = new SqliteUserRepository(db);
  const users = new UserService(userRepository, clock, ids);
  const orders = new OrderService(new SqliteOrderRepository(db), userRepository, clock, ids);
  const outbox = new SqliteOutbox(db);
  if (options.failMarking) {
    // Simulates a crash after the bus took the events but before they were marked sent.
    outbox.markDelivered = async () => {
      throw new Error('process died');
    };
  }
  const bus = new InProcessEventBus();
  const processed = new SqliteProcessedEventStore(db);
  bus.subscribe(
    'recorder',
    '*',
    idempotentConsumer('recorder', processed, async (event) => {
      received.push(event);
    }),
  );
  const relay = new OutboxRelay(outbox, bus, clock, createPinoLogger({ level: 'silent' }));
  return { db, users, orders, outbox, relay };
};

describe('outbox across restarts (SQLite)', () => {
  let dir: ReturnType<typeof tempDir>;
  let file: string;
  beforeEach(() => {
    dir = tempDir('outbox-');
    file = join(dir.path, 'app.db');
  });
  afterEach(() => dir.remove());

  it('delivers events committed before a crash after the next start, exactly once', async () => {
    const received: DomainEvent[] = [];
    const first = boot(file, received);
    // The relay never runs in the first process: it "crashes" right after the commits.
    const user = await first.users.create({ name: 'Ada', email: 'ada@example.com' });
    const order = await first.orders.create({
      userId: user.id,
      currency: 'EUR',
      items: [{ sku: 'A', quantity: 1, unitPrice: 100 }],
    });
    await first.orders.changeStatus(order.id, 'confirmed');
    first.db.close();
    expect(received).toEqual([]);

    const second = boot(file, received);
    expect(await second.outbox.pendingCount()).toBe(3);
    await second.relay.drain();
    expect(received.map((e) => e.type)).toEqual([
      'user.created',
      'order.created',
      'order.status_changed',
    ]);
    expect(await second.outbox.pendingCount()).toBe(0);
    second.db.close();

    const third = boot(file, received);
    await third.relay.drain();
    expect(received).toHaveLength(3);
    third.db.close();
  });

  it('redelivers events whose delivery was not recorded, and the consumer dedupes them', async () => {
    const received: DomainEvent[] = [];
    const first = boot(file, received, { failMarking: true });
    await first.users.create({ name: 'Bo', email: 'bo@example.com' });
    await first.relay.drain().catch(() => undefined);
    expect(received).toHaveLength(1);
    first.db.close();

    const second = boot(file, received);
    expect(await second.outbox.pendingCount()).toBe(1);
    await second.relay.drain();
    expect(received).toHaveLength(1);
    expect(await second.outbox.pendingCount()).toBe(0);
    second.db.close();
  });

  it('rolls the events back with a write that fails', async () => {
    const received: DomainEvent[] = [];
    const app = boot(file, received);
    await app.users.create({ name: 'Cy', email: 'cy@example.com' });
    const user = await app.users.create({ name: 'Di', email: 'di@example.com' });
    await expect(app.users.update(user.id, { email: 'CY@example.com' })).rejects.toMatchObject({
      code: 'USER.EMAIL_TAKEN',
    });
    expect(await app.outbox.pendingCount()).toBe(2);
    app.db.close();
  });
});
