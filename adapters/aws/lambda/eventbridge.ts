import type { EventBridgeEvent } from 'aws-lambda';
import { type DomainEvent, domainEventSchema } from '../../../domain/shared/domain-event';
import type { EventHandler } from '../../../ports/event-bus.port';
import type { Logger } from '../../../ports/logger.port';

export interface EventBridgeHandlerDeps {
  /** Runs the event's reactions (domain/shared/reaction.ts createReactor); throws if any failed. */
  react: EventHandler;
  /**
   * Runs one event rule's target (domain/messaging/rules): the input of an event rule's target
   * names the rule in `resources`, as EventBridge does for its own events, since EventBridge has
   * done the matching. Events without a rule there go to `react`.
   */
  runRule?(rule: string, event: DomainEvent): Promise<void>;
  logger: Logger;
}

/** The rule named by resources[0] (`arn:aws:events:<region>:<account>:rule/[<bus>/]<name>`). */
export const ruleNameOf = (event: EventBridgeEvent<string, unknown>): string | undefined => {
  const rule = event.resources?.[0]?.split(':rule/')[1];
  return rule?.split('/').at(-1) || undefined;
};

/**
 * A rule target: hands the DomainEvent in `detail` to the reactions.
 *
 * It throws when a reaction fails, and when the detail is not a DomainEvent. EventBridge invokes
 * Lambda asynchronously; only a thrown error makes Lambda retry (twice by default) and then hand
 * the event to the function's on-failure destination or DLQ. Swallowing the error would lose the
 * event for good, and retrying is safe because the reactions that succeeded have their marks.
 */
export const createEventBridgeHandler = ({ react, runRule, logger }: EventBridgeHandlerDeps) => {
  return async (event: EventBridgeEvent<string, unknown>): Promise<void> => {
    // The detail EventBridgeEventBus puts on the bus is the whole DomainEvent.
    const parsed = domainEventSchema.safeParse(event.detail);
    if (!parsed.success) {
      logger.error(
        { eventBridgeId: event.id, detailType: event['detail-type'], source: event.source },
        'EventBridge event detail is not a domain event',
      );
      throw new Error(`EventBridge event ${event.id} does not carry a domain event in its detail.`);
    }
    const rule = runRule && ruleNameOf(event);
    if (rule) await runRule(rule, parsed.data as DomainEvent);
    else await react(parsed.data as DomainEvent);
  };
};

export interface ScheduleHandlerDeps {
  jobs: Record<string, () => Promise<void>>;
  logger: Logger;
}

/**
 * The job a scheduled event asks for: `detail.job` when the rule's input sets it, else the rule's
 * name, the last segment of resources[0] (`arn:aws:events:<region>:<account>:rule/[<bus>/]<name>`).
 */
export const scheduledJobName = (event: EventBridgeEvent<string, unknown>): string | undefined => {
  const detail = event.detail as { job?: unknown } | null | undefined;
  if (typeof detail?.job === 'string' && detail.job) return detail.job;
  return ruleNameOf(event);
};

/**
 * Runs the job a `Scheduled Event` names. A job that fails throws, so Lambda retries it (jobs
 * are written to be safe to repeat). An unknown job is logged as an error and NOT thrown: a retry
 * cannot make the job exist, so throwing would only repeat the same failure and park identical
 * ticks in the DLQ; the next tick comes anyway, and the error log (alarmed on) is the signal of a
 * rule pointing at a job this deployment does not have.
 */
export const createScheduleHandler =
  ({ jobs, logger }: ScheduleHandlerDeps) =>
  async (event: EventBridgeEvent<string, unknown>): Promise<void> => {
    const name = scheduledJobName(event);
    const job = name !== undefined && Object.hasOwn(jobs, name) ? jobs[name] : undefined;
    const context = {
      job: name,
      rule: event.resources?.[0],
      eventBridgeId: event.id,
      // Not `time`: that is when the line is written; this is the tick the rule fired for.
      tick: event.time,
    };
    if (!job) {
      logger.error({ ...context, known: Object.keys(jobs) }, 'scheduled event names no known job');
      return;
    }
    const started = Date.now();
    logger.info(context, 'scheduled job started');
    try {
      await job();
    } catch (error) {
      logger.error({ ...context, err: error, ms: Date.now() - started }, 'scheduled job failed');
      throw error;
    }
    logger.info({ ...context, ms: Date.now() - started }, 'scheduled job finished');
  };
