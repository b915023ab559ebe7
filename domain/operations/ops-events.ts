import { derivedId } from '../shared/derived-id';
import type { DomainEvent } from '../shared/domain-event';
import type { AlarmMetric, AlarmNotice, AlarmState } from './alarm-notice';
import type { LogBatch, RequestErrors } from './logged-error';

export type AlarmChanged = DomainEvent<
  'ops.alarm_changed',
  {
    alarm: string;
    newState: AlarmState;
    oldState: AlarmState;
    reason: string;
    changedAt: string;
    metrics: AlarmMetric[];
  }
>;

export type ErrorLogged = DomainEvent<
  'ops.error_logged',
  {
    logGroup: string;
    logStream: string;
    requestId: string | null;
    count: number;
    firstMessage: string;
    firstAt: string;
  }
>;

export type OpsEvent = AlarmChanged | ErrorLogged;

/**
 * The event an alarm's change of state raises. Its id comes from the alarm and the time of the
 * change only, so the same change delivered twice (SNS retries, a Lambda retry) is one event to
 * every consumer.
 */
export const alarmChangedEvent = (notice: AlarmNotice): AlarmChanged => ({
  id: derivedId('ops.alarm_changed', notice.id, notice.changedAt),
  type: 'ops.alarm_changed',
  occurredAt: notice.changedAt,
  aggregateType: 'alarm',
  aggregateId: notice.name,
  payload: {
    alarm: notice.name,
    newState: notice.newState,
    oldState: notice.oldState,
    reason: notice.reason,
    changedAt: notice.changedAt,
    metrics: notice.metrics,
  },
});

/**
 * As much of a log line as an event carries: a line may be up to CloudWatch's 256 KB, as large as a
 * whole PutEvents call may be, and the feed needs only enough to recognise the failure.
 */
export const FIRST_MESSAGE_MAX = 1000;
const shortened = (text: string) =>
  text.length > FIRST_MESSAGE_MAX ? `${text.slice(0, FIRST_MESSAGE_MAX - 1)}…` : text;

/**
 * The event a request's error lines raise: one per (log group, request id), whose id comes from
 * those two only, so a redelivered batch raises nothing new. A request whose lines arrive in two
 * batches keeps the first batch's count (the second has the same id): the signal is "this request
 * failed", and its lines are one query away in the log group. Lines with no request id are named
 * by their stream instead.
 */
export const errorLoggedEvent = (batch: LogBatch, errors: RequestErrors): ErrorLogged => ({
  id: derivedId(
    'ops.error_logged',
    batch.logGroup,
    errors.requestId ?? `stream:${batch.logStream}:${errors.firstAt}`,
  ),
  type: 'ops.error_logged',
  occurredAt: errors.firstAt,
  aggregateType: 'log-group',
  aggregateId: batch.logGroup,
  payload: {
    logGroup: batch.logGroup,
    logStream: batch.logStream,
    requestId: errors.requestId,
    count: errors.count,
    firstMessage: shortened(errors.firstMessage),
    firstAt: errors.firstAt,
  },
});
