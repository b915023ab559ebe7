import type { EventBus } from '../../ports/event-bus.port';
import type { Logger } from '../../ports/logger.port';
import type { Notification, Notifier } from '../../ports/notifier.port';
import type { AlarmNotice } from './alarm-notice';
import { errorsByRequest, type LogBatch } from './logged-error';
import { alarmChangedEvent, errorLoggedEvent } from './ops-events';

export interface OpsAlertsPorts {
  notifier: Notifier;
  bus: EventBus;
  logger: Logger;
}

/** SNS refuses a subject of 100 characters or more, with a line break, or not ASCII. */
const SUBJECT_MAX = 99;
const subjectLine = (text: string) => {
  const line = text
    .replace(/\s+/g, ' ')
    .replace(/[^\x20-\x7e]/g, '?')
    .trim();
  return line.length > SUBJECT_MAX ? `${line.slice(0, SUBJECT_MAX - 3)}...` : line;
};

/**
 * Whom an alarm's change should reach. People hear of an alarm going off and of its recovery;
 * the moves into or out of INSUFFICIENT_DATA (every alarm of a new deploy, an idle function's
 * missing data) would only teach them to ignore the channel, so those reach the live feed alone.
 */
export const alarmNotification = (notice: AlarmNotice): Notification | null => {
  const resolved = notice.newState === 'OK' && notice.oldState === 'ALARM';
  if (notice.newState !== 'ALARM' && !resolved) return null;
  const metrics = notice.metrics
    .filter((metric) => metric.name || metric.expression)
    .map((metric) =>
      metric.expression
        ? `${metric.id ?? 'expression'} = ${metric.expression}`
        : `${metric.namespace}/${metric.name} ${JSON.stringify(metric.dimensions ?? {})}`,
    );
  return {
    subject: subjectLine(`${resolved ? 'Resolved' : 'ALARM'}: ${notice.name}`),
    message: [
      `${notice.name} is ${notice.newState} (was ${notice.oldState}) since ${notice.changedAt}.`,
      notice.reason,
      ...(notice.description ? [notice.description] : []),
      ...(metrics.length > 0 ? [`Watching: ${metrics.join('; ')}`] : []),
    ].join('\n'),
    attributes: { type: 'ops_alarm', state: notice.newState, alarm: notice.name, to: 'ops' },
  };
};

/*
 * What the operations domain makes of the platform's own signals: an alarm's change of state and
 * our error log lines become live events (ops.alarm_changed, ops.error_logged) and, for alarms,
 * a notification to people.
 *
 * The events go straight to the EventBus port, not through an outbox: no state of ours changes
 * with them, so there is no write for them to be lost against (the outbox exists so a change and
 * its events commit together). Each event's id is derived from the fact it reports, so a
 * redelivered alarm or log batch publishes the same ids and consumers drop the repeats.
 */

/**
 * Publishes the event first: it is idempotent by id, so if the notification then fails, the
 * platform's retry publishes nothing new and sends the notification again.
 */
export const relayAlarmChange = async (ports: OpsAlertsPorts, notice: AlarmNotice) => {
  const event = alarmChangedEvent(notice);
  await ports.bus.publish([event]);
  const notification = alarmNotification(notice);
  if (notification) await ports.notifier.notify(notification);
  ports.logger.info(
    { alarm: notice.name, state: notice.newState, eventId: event.id, notified: !!notification },
    'alarm change relayed',
  );
};

/** One ops.error_logged per request with error lines in the batch; none when no line is an error. */
export const relayLoggedErrors = async (
  ports: Pick<OpsAlertsPorts, 'bus'>,
  batch: LogBatch,
): Promise<number> => {
  const events = errorsByRequest(batch.lines).map((errors) => errorLoggedEvent(batch, errors));
  if (events.length > 0) await ports.bus.publish(events);
  return events.length;
};
