import { describe, expect, it } from 'vitest';
import { MemoryProcessedEventStore } from '../../adapters/memory/processed-event-store.memory';
import { jobForEvent } from '../../domain/messaging/rule-jobs';
import { referenceRules } from '../../domain/messaging/rules/reference-rules';
import type { Rule } from '../../domain/messaging/rules/rule';
import {
  createRuleDelivery,
  derivedEvent,
  type RuleTargetPorts,
} from '../../domain/messaging/rules/rule-delivery';
import { compileRules } from '../../domain/messaging/rules/rule-set';
import type { DomainEvent } from '../../domain/shared/domain-event';
import { capturingLogger } from '../support/capturing-logger';
import { sampleEvent } from '../support/sample-data';

const SOURCE = 'one-core';

const orderCreated = (amount: number, currency = 'EUR'): DomainEvent => ({
  ...sampleEvent('order.created', `order-${amount}`),
  aggregateType: 'order',
  payload: { userId: 'u1', amount, currency, itemCount: 1 },
});

/** Every target recorded: which reaction ran, which job was sent, which derived event raised. */
const recordingPorts = (failing: Set<string> = new Set()) => {
  const ran: string[] = [];
  const jobs: string[] = [];
  const derived: DomainEvent[] = [];
  const reaction = (name: string) => ({
    name,
    on: [],
    run: async (event: DomainEvent) => {
      if (failing.has(name)) throw new Error(`${name} is down`);
      ran.push(`${name} ${event.type}`);
    },
  });
  const ports: RuleTargetPorts = {
    reactions: [reaction('user-events'), reaction('order-status')],
    enqueueJob: async (job, event) => {
      jobs.push(JSON.stringify(jobForEvent(job, event)));
    },
    deliverDerived: async (event) => {
      derived.push(event);
    },
  };
  return { ports, ran, jobs, derived };
};

const deliveryOf = (rules: Rule[], ports: RuleTargetPorts) => {
  const { logger, lines } = capturingLogger();
  const delivery = createRuleDelivery(compileRules(rules), ports, {
    processed: new MemoryProcessedEventStore(),
    logger,
    origin: { source: SOURCE },
  });
  return { delivery, lines };
};

describe('rule delivery: each matching rule’s target, once per event', () => {
  it('runs the reference rules’ targets for the events their patterns match, and no other', async () => {
    const { ports, ran, derived } = recordingPorts();
    const { delivery, lines } = deliveryOf(referenceRules({ source: SOURCE }), ports);
    const big = orderCreated(150_000);
    await delivery.deliver(big);
    // Its own line, apart from the reactions' `event delivered`: one event, two lines.
    expect(lines).toEqual([
      expect.objectContaining({
        msg: 'event rules ran',
        eventId: big.id,
        reactions: ['rule:order-status', 'rule:high-value-order'],
      }),
    ]);
    await delivery.deliver(orderCreated(1_000));
    await delivery.deliver(orderCreated(150_000, 'GBP'));
    await delivery.deliver(sampleEvent('user.deleted', 'user-1'));
    await delivery.deliver(sampleEvent('inventory.out_of_stock'));
    expect(ran).toEqual([
      'order-status order.created',
      'order-status order.created',
      'order-status order.created',
      'user-events user.deleted',
    ]);
    expect(derived).toEqual([derivedEvent('high-value-order', big)]);
    expect(derived[0]).toMatchObject({
      id: `${big.id}.high-value-order`,
      aggregateId: big.aggregateId,
      payload: { amount: 150_000, currency: 'EUR', cause: { id: big.id, type: 'order.created' } },
    });
  });

  it('takes a status change by its new status: confirmed and paid, not shipped', async () => {
    const { ports, ran } = recordingPorts();
    const { delivery } = deliveryOf(referenceRules({ source: SOURCE }), ports);
    const changed = (to: string) => ({
      ...sampleEvent('order.status_changed', 'order-1'),
      payload: { userId: 'u1', from: 'pending', to, version: 2 },
    });
    for (const to of ['confirmed', 'paid', 'shipped', 'cancelled'])
      await delivery.deliver(changed(to));
    expect(ran).toEqual(['order-status order.status_changed', 'order-status order.status_changed']);
  });

  it('a configured threshold moves the line: 500.00 makes 600.00 high value', async () => {
    const { ports, derived } = recordingPorts();
    const rules = referenceRules({ source: SOURCE, highValueThreshold: '500.00' });
    const { delivery } = deliveryOf(rules, ports);
    await delivery.deliver(orderCreated(60_000));
    await delivery.deliver(orderCreated(50_000));
    expect(derived.map((event) => event.aggregateId)).toEqual(['order-60000']);
  });

  it('runs a target once however often the event comes, and only the failed ones again', async () => {
    const failing = new Set(['order-status']);
    const { ports, ran, derived } = recordingPorts(failing);
    const { delivery } = deliveryOf(referenceRules({ source: SOURCE }), ports);
    const big = orderCreated(150_000);
    await expect(delivery.deliver(big)).rejects.toThrow(
      /1 of 2 reactions failed.*rule:order-status/,
    );
    expect(derived).toHaveLength(1);
    failing.clear();
    await delivery.deliver(big);
    await delivery.deliver(big);
    expect(ran).toEqual(['order-status order.created']);
    expect(derived).toHaveLength(1);
  });

  it('runs one rule by name when the platform matched already, and refuses a name it lacks', async () => {
    const { ports, ran, derived } = recordingPorts();
    const { delivery } = deliveryOf(referenceRules({ source: SOURCE }), ports);
    await delivery.runRule('user-events', sampleEvent('user.created', 'user-1'));
    expect(ran).toEqual(['user-events user.created']);
    expect(derived).toEqual([]);
    await expect(delivery.runRule('no-such-rule', sampleEvent())).rejects.toMatchObject({
      name: 'UnknownRuleError',
      rule: 'no-such-rule',
    });
  });

  it('sends a job target’s message for the event’s aggregate', async () => {
    const { ports, jobs } = recordingPorts();
    const rule: Rule = {
      name: 'fulfil-new-orders',
      description: 'New orders to fulfilment',
      pattern: { source: [SOURCE], 'detail-type': ['order.created'] },
      target: { kind: 'job', job: 'order_created' },
    };
    const { delivery } = deliveryOf([rule], ports);
    await delivery.deliver(orderCreated(1_000));
    expect(jobs).toEqual([JSON.stringify({ type: 'order_created', orderId: 'order-1000' })]);
    expect(() => jobForEvent('data_export', orderCreated(1))).toThrow(/cannot send a data_export/);
  });
});
