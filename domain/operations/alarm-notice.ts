/** The states a CloudWatch alarm (or an Azure Monitor alert, fired or resolved) can be in. */
export const ALARM_STATES = ['ALARM', 'OK', 'INSUFFICIENT_DATA'] as const;
export type AlarmState = (typeof ALARM_STATES)[number];

/** One metric an alarm watches, or one term of its metric-math expression. */
export interface AlarmMetric {
  /** The term's id in a metric-math alarm (`m1`, `e1`); absent for a single-metric alarm. */
  id?: string;
  namespace?: string;
  name?: string;
  dimensions?: Record<string, string>;
  statistic?: string;
  periodSeconds?: number;
  /** A metric-math term's expression (`m1*1`, `errors / requests`). */
  expression?: string;
}

/**
 * An alarm's change of state, whoever raised it, as the operations domain reads it: the platform's
 * message is translated into this by a driving adapter (adapters/aws/lambda/cloudwatch-alarm.ts).
 */
export interface AlarmNotice {
  name: string;
  /** Unique per alarm across accounts and regions (the CloudWatch alarm ARN). */
  id: string;
  description?: string;
  newState: AlarmState;
  oldState: AlarmState;
  reason: string;
  /** When the state changed (ISO 8601): with `id`, it names this change and no other. */
  changedAt: string;
  metrics: AlarmMetric[];
}
