import type { EventHandler } from '../../../ports/event-bus.port';
import type { Logger } from '../../../ports/logger.port';
import type { ProcessedEventStore } from '../../../ports/processed-event-store.port';
import type { DomainEvent } from '../../shared/domain-event';
import { type BoundReaction, createReactor } from '../../shared/reaction';
import { type EnvelopeOrigin, toEventEnvelope } from './event-envelope';
import type { Rule, RuleTarget } from './rule';
import { type CompiledRule, matchingRules } from './rule-set';

/** What a rule's target needs to run, whichever door delivered the event. */
export interface RuleTargetPorts {
  /** Every reaction of the app: a reaction target names one of them. */
  reactions: readonly BoundReaction[];
  /** Puts a job message for the event on the job queue (a job target). */
  enqueueJob(job: string, event: DomainEvent): Promise<void>;
  /** Hands a derived event to the reactions that react to its type. */
  deliverDerived(event: DomainEvent): Promise<void>;
}

/** A rule name no rule of this app has: EventBridge delivered for a rule the code does not know. */
export class UnknownRuleError extends Error {
  override readonly name = 'UnknownRuleError';

  constructor(readonly rule: string) {
    super(`No rule is named ${rule}`);
  }
}

/**
 * The event a derived-event rule raises from the one it matched: the same aggregate and time,
 * the cause's payload plus what caused it. Its id is the cause's with the type appended, so a
 * redelivered cause raises the very same event and the reactions' dedupe marks hold.
 */
export const derivedEvent = (type: string, cause: DomainEvent): DomainEvent => ({
  id: `${cause.id}.${type}`,
  type,
  occurredAt: cause.occurredAt,
  aggregateType: cause.aggregateType,
  aggregateId: cause.aggregateId,
  payload: {
    ...(typeof cause.payload === 'object' && cause.payload !== null ? cause.payload : {}),
    cause: { id: cause.id, type: cause.type },
  },
});

const runTarget = (target: RuleTarget, event: DomainEvent, ports: RuleTargetPorts) => {
  switch (target.kind) {
    case 'reaction': {
      const reaction = ports.reactions.find((candidate) => candidate.name === target.reaction);
      if (!reaction) throw new Error(`No reaction is named ${target.reaction}`);
      return reaction.run(event);
    }
    case 'job':
      return ports.enqueueJob(target.job, event);
    case 'derived-event':
      return ports.deliverDerived(derivedEvent(target.type, event));
  }
};

/** A rule's target as a reaction of its own, so it runs, dedupes and fails as reactions do. */
const asReaction = (rule: Rule, ports: RuleTargetPorts): BoundReaction => ({
  name: `rule:${rule.name}`,
  on: ['*'],
  run: (event) => runTarget(rule.target, event, ports),
});

export interface RuleDelivery {
  /** Evaluates every rule against the event and runs each match's target (server, Azure). */
  deliver: EventHandler;
  /** Runs one rule's target: EventBridge has matched already (the Lambda rule target). */
  runRule(name: string, event: DomainEvent): Promise<void>;
}

/**
 * The rules on a door's event delivery. Each matching rule's target runs once per event (its
 * mark is kept as `rule:<name>`, as a reaction's is); all of them run even when one fails, and
 * the failures are thrown together so the door's retry brings the event back for those only.
 */
export const createRuleDelivery = (
  rules: readonly CompiledRule[],
  ports: RuleTargetPorts,
  deps: { processed: ProcessedEventStore; logger: Logger; origin: EnvelopeOrigin },
): RuleDelivery => {
  const run = (matched: readonly Rule[], event: DomainEvent) =>
    createReactor(
      matched.map((rule) => asReaction(rule, ports)),
      deps.processed,
      deps.logger,
      'event rules ran',
    )(event);
  return {
    deliver: async (event) => {
      const matched = matchingRules(rules, toEventEnvelope(event, deps.origin));
      if (matched.length > 0) await run(matched, event);
    },
    runRule: async (name, event) => {
      const compiled = rules.find((candidate) => candidate.rule.name === name);
      if (!compiled) throw new UnknownRuleError(name);
      await run([compiled.rule], event);
    },
  };
};
