import {
  compileEventPattern,
  type EventMatcher,
} from '../../shared/event-patterns/compile-pattern';
import type { EventEnvelope } from './event-envelope';
import type { Rule } from './rule';

const RULE_NAME = /^[.\-_A-Za-z0-9]{1,64}$/;

/** A rule definition EventBridge would refuse: a bug in the definitions, found at start-up. */
export class InvalidRuleError extends Error {
  override readonly name = 'InvalidRuleError';

  constructor(readonly problems: readonly { rule: string; reason: string }[]) {
    super(`Invalid rules: ${problems.map((p) => `${p.rule}: ${p.reason}`).join('; ')}`);
  }
}

export interface CompiledRule {
  readonly rule: Rule;
  readonly matches: EventMatcher;
}

/** Compiles every pattern once; reports every bad rule at once rather than the first. */
export const compileRules = (rules: readonly Rule[]): CompiledRule[] => {
  const problems: { rule: string; reason: string }[] = [];
  const compiled: CompiledRule[] = [];
  const names = new Set<string>();
  for (const rule of rules) {
    if (!RULE_NAME.test(rule.name)) {
      problems.push({ rule: rule.name, reason: 'a rule name is 1-64 of . - _ A-Z a-z 0-9' });
    }
    if (names.has(rule.name)) problems.push({ rule: rule.name, reason: 'the name is used twice' });
    names.add(rule.name);
    const pattern = compileEventPattern(rule.pattern);
    if (pattern.success) compiled.push({ rule, matches: pattern.data });
    else problems.push({ rule: rule.name, reason: pattern.error });
  }
  if (problems.length > 0) throw new InvalidRuleError(problems);
  return compiled;
};

/** The rules an event matches, in definition order. */
export const matchingRules = (rules: readonly CompiledRule[], event: EventEnvelope): Rule[] => {
  const matched: Rule[] = [];
  for (const compiled of rules) if (compiled.matches(event)) matched.push(compiled.rule);
  return matched;
};
