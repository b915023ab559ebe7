/**
 * What a rule does with an event it matches: run a reaction (domain/shared/reaction.ts), put a
 * job message on the queue, or raise a derived event of its own type.
 */
export type RuleTarget =
  | { kind: 'reaction'; reaction: string }
  | { kind: 'job'; job: string }
  | { kind: 'derived-event'; type: string };

/**
 * A rule as data: an EventBridge event pattern and a target. The same object is evaluated
 * locally (rule-set.ts) and is what the CDK stack synthesizes as an AWS::Events::Rule.
 */
export interface Rule {
  /** EventBridge rule names: 1-64 of [.\-_A-Za-z0-9]. */
  readonly name: string;
  readonly description: string;
  /** A JSON object in EventBridge's pattern syntax. */
  readonly pattern: Readonly<Record<string, unknown>>;
  readonly target: RuleTarget;
}
