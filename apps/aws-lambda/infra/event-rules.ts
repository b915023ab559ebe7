import { Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { jobForEvent } from '../../../domain/messaging/rule-jobs';
import type { Rule } from '../../../domain/messaging/rules/rule';
import type { DomainEvent } from '../../../domain/shared/domain-event';

export interface EventRulesProps {
  bus: events.EventBus;
  rules: readonly Rule[];
  /** The eventbridge-target function: it runs a reaction or derived-event target by rule name. */
  target: lambda.Function;
  /** Job targets put their message here, as the local rules do. */
  jobs: sqs.Queue;
  failedDeliveries: sqs.Queue;
}

const pascal = (name: string) =>
  name.replace(/(^|[-_.])(\w)/g, (_, _sep: string, letter: string) => letter.toUpperCase());

/**
 * The event as EventBridge would deliver it, plus the rule in `resources` (its ARN, as EventBridge
 * puts there for its own events): the function cannot otherwise tell which rule matched.
 */
const eventNamingRule = (scope: Construct, bus: events.EventBus, rule: string) =>
  events.RuleTargetInput.fromObject({
    version: '0',
    id: events.EventField.eventId,
    'detail-type': events.EventField.detailType,
    source: events.EventField.source,
    account: events.EventField.account,
    time: events.EventField.time,
    region: events.EventField.region,
    resources: [
      Stack.of(scope).formatArn({
        service: 'events',
        resource: 'rule',
        resourceName: `${bus.eventBusName}/${rule}`,
      }),
    ],
    detail: events.EventField.fromPath('$.detail'),
  });

/**
 * A job target's message, built by the same function the local rules use (jobForEvent) with the
 * aggregate id as an input path, so the queue gets the very body a local rule would send.
 */
const jobMessage = (job: string) =>
  events.RuleTargetInput.fromObject(
    jobForEvent(job, {
      aggregateId: events.EventField.fromPath('$.detail.aggregateId'),
    } as DomainEvent),
  );

/**
 * Every event rule (apps/composition/rules.ts) as an AWS::Events::Rule on the bus, named as the
 * rule is, with exactly its pattern: the L2 construct's typed pattern has no `$or` and renames
 * keys, so the pattern is set on the resource as the definition has it.
 */
export const addEventRules = (scope: Construct, props: EventRulesProps): void => {
  for (const rule of props.rules) {
    const resource = new events.Rule(scope, `EventRule${pascal(rule.name)}`, {
      eventBus: props.bus,
      ruleName: rule.name,
      description: rule.description,
      // Replaced below: the construct refuses a rule with neither a pattern nor a schedule.
      eventPattern: { source: ['placeholder'] },
      targets: [
        rule.target.kind === 'job'
          ? new targets.SqsQueue(props.jobs, {
              message: jobMessage(rule.target.job),
              deadLetterQueue: props.failedDeliveries,
              retryAttempts: 8,
              maxEventAge: Duration.hours(2),
            })
          : new targets.LambdaFunction(props.target, {
              event: eventNamingRule(scope, props.bus, rule.name),
              deadLetterQueue: props.failedDeliveries,
              retryAttempts: 8,
              maxEventAge: Duration.hours(2),
            }),
      ],
    });
    (resource.node.defaultChild as events.CfnRule).addPropertyOverride(
      'EventPattern',
      rule.pattern,
    );
  }
};
