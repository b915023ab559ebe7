import type { EventEnvelope } from '../../domain/messaging/rules/event-envelope';
import { referenceRules } from '../../domain/messaging/rules/reference-rules';
import type { Rule } from '../../domain/messaging/rules/rule';

/** A seeded generator, so every run measures the same rules and events. */
const random = (seed: number) => () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};

const SOURCES = ['one-core', 'billing', 'shipping', 'aws.ec2', 'partner.crm'];
const TYPES = [
  'user.created',
  'user.updated',
  'user.deleted',
  'order.created',
  'order.status_changed',
  'payment.completed',
  'inventory.out_of_stock',
  'invoice.issued',
  'shipment.sent',
  'refund.requested',
];
const STATUSES = ['pending', 'confirmed', 'paid', 'shipped', 'delivered', 'cancelled'];
const CURRENCIES = ['USD', 'EUR', 'GBP', 'JPY', 'NOK'];
const REGIONS = ['eu-west-1', 'eu-north-1', 'us-east-1', 'us-west-2', 'ap-south-1'];

/**
 * The three reference rules and 97 more over the same events, drawn from every operator the
 * evaluator supports: exact lists, prefix/suffix, equals-ignore-case, wildcard, anything-but
 * (values, prefix, suffix), numeric ranges, exists, arrays, nested fields and $or.
 */
export const benchRules = (): Rule[] => {
  const next = random(42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
  const shapes: ((i: number) => Record<string, unknown>)[] = [
    () => ({ source: [pick(SOURCES)], 'detail-type': [pick(TYPES), pick(TYPES)] }),
    () => ({
      'detail-type': [{ prefix: pick(TYPES).split('.')[0] as string }],
      detail: { payload: { status: [pick(STATUSES)] } },
    }),
    () => ({
      source: [pick(SOURCES)],
      detail: {
        payload: { amount: [{ numeric: ['>', Math.floor(next() * 200_000), '<=', 400_000] }] },
      },
    }),
    () => ({
      detail: {
        payload: {
          currency: [{ 'anything-but': [pick(CURRENCIES), pick(CURRENCIES)] }],
          region: [{ prefix: 'eu-' }],
        },
      },
    }),
    () => ({
      'detail-type': [pick(TYPES)],
      detail: { payload: { email: [{ suffix: '@example.com' }] } },
    }),
    () => ({
      source: [{ 'equals-ignore-case': pick(SOURCES).toUpperCase() }],
      detail: { payload: { tags: [pick(['vip', 'new', 'b2b', 'retry'])] } },
    }),
    () => ({ detail: { payload: { sku: [{ wildcard: `sku-${Math.floor(next() * 9)}*-x` }] } } }),
    () => ({
      source: [pick(SOURCES)],
      detail: { payload: { coupon: [{ exists: next() < 0.5 }] } },
    }),
    () => ({
      'detail-type': [pick(TYPES)],
      $or: [
        { detail: { payload: { status: [pick(STATUSES)] } } },
        { detail: { payload: { amount: [{ numeric: ['>=', 300_000] }] } } },
      ],
    }),
    () => ({
      source: [{ 'anything-but': { prefix: 'aws.' } }],
      detail: { payload: { items: { sku: [{ prefix: `sku-${Math.floor(next() * 9)}` }] } } },
    }),
  ];
  const generated = Array.from({ length: 97 }, (_, i) => ({
    name: `bench-${i}`,
    description: 'generated',
    pattern: (shapes[i % shapes.length] as (i: number) => Record<string, unknown>)(i),
    target: { kind: 'job', job: `job-${i}` } as const,
  }));
  return [...referenceRules({ source: 'one-core' }), ...generated];
};

/** POOL distinct envelopes; the bench walks them in a loop for as many events as it measures. */
export const benchEvents = (pool: number): EventEnvelope[] => {
  const next = random(7);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
  return Array.from({ length: pool }, (_, i) => {
    const type = pick(TYPES);
    const payload: Record<string, unknown> = {
      status: pick(STATUSES),
      from: pick(STATUSES),
      to: pick(STATUSES),
      amount: Math.floor(next() * 500_000),
      currency: pick(CURRENCIES),
      region: pick(REGIONS),
      email: `user${i}@${pick(['example.com', 'example.org', 'mail.test'])}`,
      tags: [pick(['vip', 'new', 'b2b', 'retry']), pick(['vip', 'new', 'b2b', 'retry'])],
      sku: `sku-${Math.floor(next() * 100)}-${pick(['x', 'y'])}`,
      items: [
        { sku: `sku-${Math.floor(next() * 100)}`, quantity: 1 },
        { sku: `sku-${Math.floor(next() * 100)}`, quantity: 2 },
      ],
    };
    if (next() < 0.3) payload.coupon = 'SAVE10';
    return {
      version: '0',
      id: `event-${i}`,
      'detail-type': type,
      source: pick(SOURCES),
      account: '123456789012',
      time: '2026-11-30T09:00:00Z',
      region: 'eu-west-1',
      resources: [],
      detail: {
        id: `event-${i}`,
        type,
        occurredAt: '2026-11-30T09:00:00.000Z',
        aggregateType: type.split('.')[0],
        aggregateId: `agg-${i}`,
        payload,
      },
    };
  });
};
