import { idempotencyKey } from '../../domain/messaging/job-messages';
import { jobForEvent, RULE_JOBS } from '../../domain/messaging/rule-jobs';
import type { EnvelopeOrigin } from '../../domain/messaging/rules/event-envelope';
import { referenceRules } from '../../domain/messaging/rules/reference-rules';
import type { Rule } from '../../domain/messaging/rules/rule';
import { createRuleDelivery, type RuleDelivery } from '../../domain/messaging/rules/rule-delivery';
import { compileRules } from '../../domain/messaging/rules/rule-set';
import { createReactor } from '../../domain/shared/reaction';
import type { EventHandler } from '../../ports/event-bus.port';
import type { Logger } from '../../ports/logger.port';
import type { ProcessedEventStore } from '../../ports/processed-event-store.port';
import type { AnyModule } from '../modules/domain-module';
import type { ComposedApp } from './compose-modules';

/** The `source` every door gives this app's events: EventBridge's, and the local envelopes'. */
export const APP_EVENT_SOURCE = 'one-core';

export interface RulesConfig {
  source?: string;
  /** Major units ("1000.00"); the reference rules' default when absent. */
  highValueThreshold?: string;
}

/** What a deployment may set: the high-value threshold and where reviews are announced. */
export interface RuleSettings {
  highValueThreshold?: string;
  salesAddress?: string;
}

/**
 * HIGH_VALUE_THRESHOLD (major units) and SALES_ADDRESS, read alike by every door. A bad
 * threshold is refused when the rules are composed (referenceRules), so the app does not start.
 */
export const ruleSettingsFromEnv = (env: Record<string, string | undefined>): RuleSettings => ({
  ...(env.HIGH_VALUE_THRESHOLD?.trim()
    ? { highValueThreshold: env.HIGH_VALUE_THRESHOLD.trim() }
    : {}),
  ...(env.SALES_ADDRESS?.trim() ? { salesAddress: env.SALES_ADDRESS.trim() } : {}),
});

/** The orders module's options a deployment's settings give (the sales address). */
export const ordersOptionsOf = (settings: RuleSettings) =>
  settings.salesAddress ? { orders: { salesAddress: settings.salesAddress } } : {};

const reactionsOf = (modules: readonly AnyModule[]) =>
  new Set(modules.flatMap((module) => (module.reactions ?? []).map((reaction) => reaction.name)));

/**
 * The rules of an app made of these modules: the reference rules, less those whose reaction
 * target is in a module the app does not have (an app without orders has no order events
 * either). The CDK stack synthesizes exactly this list, so what EventBridge evaluates on AWS is
 * what the server and Azure evaluate locally.
 */
export const appRules = (modules: readonly AnyModule[], config: RulesConfig = {}): Rule[] => {
  const reactions = reactionsOf(modules);
  const rules = referenceRules({
    source: config.source ?? APP_EVENT_SOURCE,
    ...(config.highValueThreshold ? { highValueThreshold: config.highValueThreshold } : {}),
  }).filter((rule) => rule.target.kind !== 'reaction' || reactions.has(rule.target.reaction));
  for (const rule of rules) {
    if (rule.target.kind === 'job' && !RULE_JOBS.includes(rule.target.job)) {
      throw new RangeError(`Rule ${rule.name} sends a ${rule.target.job} job, which no event can`);
    }
  }
  return rules;
};

/**
 * The rules on a composed app: reaction targets are the modules' reactions, job targets go to
 * the job queue of the module that consumes jobs, derived events to the reactions of their type.
 */
export const composeRules = (
  composed: ComposedApp,
  deps: { processed: ProcessedEventStore; logger: Logger; config?: RulesConfig },
): RuleDelivery & { rules: Rule[] } => {
  const rules = appRules(composed.modules, deps.config);
  const origin: EnvelopeOrigin = { source: deps.config?.source ?? APP_EVENT_SOURCE };
  const delivery = createRuleDelivery(
    compileRules(rules),
    {
      reactions: composed.reactions,
      enqueueJob: async (job, event) => {
        const [consumer] = composed.consumers;
        if (!consumer) throw new Error(`No module consumes jobs: rule job ${job} has no queue`);
        const message = jobForEvent(job, event);
        await consumer.queue.send({
          body: JSON.stringify(message),
          dedupId: idempotencyKey(message),
        });
      },
      deliverDerived: createReactor(composed.reactions, deps.processed, deps.logger),
    },
    { processed: deps.processed, logger: deps.logger, origin },
  );
  return { ...delivery, rules };
};

/**
 * One delivery for a door whose trigger gets each event once (the Azure queue trigger): the
 * reactions and the rules both run even when the other fails, and a failure of either is thrown
 * so the message comes back; what succeeded has its marks and does not run again.
 */
export const reactionsAndRules =
  (react: EventHandler, rules: EventHandler): EventHandler =>
  async (event) => {
    const results = await Promise.allSettled([react(event), rules(event)]);
    const failed = results.flatMap((result) =>
      result.status === 'rejected' ? [result.reason as unknown] : [],
    );
    if (failed.length === 1) throw failed[0];
    if (failed.length > 1) {
      throw new AggregateError(failed, `Reactions and rules failed on ${event.type} ${event.id}`);
    }
  };
