import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { EventBridgeEventBus } from '../../adapters/aws/eventbridge/event-bus.eventbridge';
import { EVENT_SOURCE } from '../../apps/aws-lambda/config';
import { stockEventsFor } from '../../domain/inventory/inventory-events';
import { toEventEnvelope } from '../../domain/messaging/rules/event-envelope';
import { referenceRules } from '../../domain/messaging/rules/reference-rules';
import {
  compileRules,
  InvalidRuleError,
  matchingRules,
} from '../../domain/messaging/rules/rule-set';
import type { Order, OrderStatus } from '../../domain/orders/order';
import { orderEventsFor } from '../../domain/orders/order-events';
import type { DomainEvent, EventDraft } from '../../domain/shared/domain-event';
import type { User } from '../../domain/users/user';
import { userEventsFor } from '../../domain/users/user-events';

const at = '2026-11-30T09:00:00.123Z';
let seq = 0;
const stamp = (draft: EventDraft): DomainEvent => {
  seq += 1;
  return { ...draft, id: `evt-${seq}`, occurredAt: at };
};

const user: User = {
  id: 'user-1',
  name: 'Ada',
  email: 'ada@example.com',
  age: 36,
  status: 'active',
  createdAt: at,
  updatedAt: at,
  version: 1,
};

const order = (total: number, currency = 'USD', status: OrderStatus = 'pending'): Order => ({
  id: 'order-1',
  userId: user.id,
  items: [{ sku: 'sku-1', quantity: 1, unitPrice: total }],
  currency,
  total,
  status,
  createdAt: at,
  updatedAt: at,
  version: 1,
});

/** The events the users and orders domains raise for a change of state. */
const userEvents = (before: User | null, after: User | null) =>
  userEventsFor(before, after).map(stamp);
const orderEvents = (before: Order | null, after: Order | null) =>
  orderEventsFor(before, after).map(stamp);
const move = (from: OrderStatus, to: OrderStatus) =>
  orderEvents(order(5000, 'USD', from), { ...order(5000, 'USD', to), version: 2 });

const rules = compileRules(referenceRules({ source: EVENT_SOURCE }));
const names = (event: DomainEvent) =>
  matchingRules(rules, toEventEnvelope(event, { source: EVENT_SOURCE })).map((rule) => rule.name);

describe('the reference rules on the events our domains raise', () => {
  it.each([
    ['user.created', userEvents(null, user), [['user-events']]],
    ['user.updated', userEvents(user, { ...user, name: 'Ada L.', version: 2 }), [['user-events']]],
    ['user.deleted', userEvents(user, null), [['user-events']]],
    [
      'order.created for USD 1000.01',
      orderEvents(null, order(100_001)),
      [['order-status', 'high-value-order']],
    ],
    [
      'order.created for EUR 2500.00',
      orderEvents(null, order(250_000, 'EUR')),
      [['order-status', 'high-value-order']],
    ],
    [
      'order.created for USD 1000.00 exactly (not over)',
      orderEvents(null, order(100_000)),
      [['order-status']],
    ],
    ['order.created for GBP 5000.00', orderEvents(null, order(500_000, 'GBP')), [['order-status']]],
    ['order.created for USD 12.00', orderEvents(null, order(1200)), [['order-status']]],
    ['pending -> confirmed', move('pending', 'confirmed'), [['order-status']]],
    [
      'confirmed -> paid, and its payment.completed',
      move('confirmed', 'paid'),
      [['order-status'], []],
    ],
    ['paid -> shipped', move('paid', 'shipped'), [[]]],
    ['pending -> cancelled', move('pending', 'cancelled'), [[]]],
  ])('%s', (_name, events, expected) => {
    expect(events.map(names)).toEqual(expected);
  });

  it('matches no rule for events of another source or another domain', () => {
    const [created] = orderEvents(null, order(200_000));
    const elsewhere = toEventEnvelope(created as DomainEvent, { source: 'someone-else' });
    expect(matchingRules(rules, elsewhere)).toEqual([]);
    const level = { store: 'Oslo', item: 'milk', count: 0, updatedAt: at, version: 2 };
    const [outOfStock] = stockEventsFor({ ...level, count: 3, version: 1 }, level).map(stamp);
    expect(names(outOfStock as DomainEvent)).toEqual([]);
  });

  it('writes the envelope as EventBridge does: time to the second, detail the whole event', () => {
    const [created] = userEvents(null, user);
    const envelope = toEventEnvelope(created as DomainEvent, { source: EVENT_SOURCE });
    expect(envelope).toMatchObject({
      'detail-type': 'user.created',
      source: EVENT_SOURCE,
      time: '2026-11-30T09:00:00Z',
      detail: created,
    });
  });
});

describe('the same rules on the entries EventBridgeEventBus puts on the bus', () => {
  const eventBridge = mockClient(EventBridgeClient);
  const client = new EventBridgeClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
  });
  const bus = new EventBridgeEventBus({ client, eventBusName: 'app-bus', source: EVENT_SOURCE });
  beforeEach(() => {
    eventBridge.reset();
    eventBridge
      .on(PutEventsCommand)
      .callsFake((input) => ({ FailedEntryCount: 0, Entries: input.Entries.map(() => ({})) }));
  });
  afterAll(() => eventBridge.restore());

  it('matches each entry as it matches the local envelope of its event', async () => {
    const events = [
      ...userEvents(null, user),
      ...orderEvents(null, order(100_001)),
      ...move('confirmed', 'paid'),
      ...move('paid', 'shipped'),
    ];
    await bus.publish(events);
    const entries = eventBridge
      .commandCalls(PutEventsCommand)
      .flatMap((c) => c.args[0].input.Entries ?? []);
    // What a rule sees of an entry: Source, DetailType and the parsed Detail.
    const delivered = entries.map((entry) =>
      matchingRules(rules, {
        ...toEventEnvelope(events[0] as DomainEvent, { source: 'unused' }),
        source: entry.Source ?? '',
        'detail-type': entry.DetailType ?? '',
        detail: JSON.parse(entry.Detail ?? 'null'),
      }).map((rule) => rule.name),
    );
    expect(delivered).toEqual(events.map(names));
    expect(delivered.flat()).toContain('high-value-order');
  });
});

describe('rule definitions', () => {
  it('takes the high-value threshold in major units and compares it in minor units', () => {
    const cheap = compileRules(
      referenceRules({ source: EVENT_SOURCE, highValueThreshold: '50.5' }),
    );
    const highValue = (total: number) =>
      matchingRules(
        cheap,
        toEventEnvelope(orderEvents(null, order(total))[0] as DomainEvent, {
          source: EVENT_SOURCE,
        }),
      )
        .map((rule) => rule.name)
        .includes('high-value-order');
    expect(highValue(5051)).toBe(true);
    expect(highValue(5050)).toBe(false);
    const pattern = cheap.find((c) => c.rule.name === 'high-value-order')?.rule.pattern;
    expect(pattern).toEqual({
      source: [EVENT_SOURCE],
      'detail-type': ['order.created'],
      detail: { payload: { currency: ['USD', 'EUR'], amount: [{ numeric: ['>', 5050] }] } },
    });
  });

  it('refuses a threshold finer than the currency, and currencies without one minor unit', () => {
    expect(() => referenceRules({ source: 's', highValueThreshold: '10.001' })).toThrow(
      'USD has 2 decimal places: "10.001" has more',
    );
    expect(() => referenceRules({ source: 's', highValueThreshold: '1e3' })).toThrow(
      'Not a decimal amount: "1e3"',
    );
    expect(() => referenceRules({ source: 's', highValueCurrencies: ['USD', 'JPY'] })).toThrow(
      'USD, JPY do not share a minor unit',
    );
  });

  it('refuses every bad rule at once, with its reason', () => {
    const target = { kind: 'job', job: 'user_signup' } as const;
    const attempt = () =>
      compileRules([
        { name: 'ok', description: '', pattern: { source: ['a'] }, target },
        { name: 'ok', description: '', pattern: { source: ['b'] }, target },
        { name: 'bad name!', description: '', pattern: { source: 'a' }, target },
      ]);
    expect(attempt).toThrow(InvalidRuleError);
    expect(attempt).toThrow(
      'Invalid rules: ok: the name is used twice; bad name!: a rule name is 1-64 of . - _ A-Z a-z 0-9; bad name!: source: "source" must be an object or an array',
    );
  });
});
