import type { EventBridgeEvent } from 'aws-lambda';
import { type DomainEvent, domainEventSchema } from '../../../domain/shared/domain-event';
import { idempotentConsumer } from '../../../domain/shared/idempotent-consumer';
import type { EventHandler } from '../../../ports/event-bus.port';
import type { Logger } from '../../../ports/logger.port';
import type { ProcessedEventStore } from '../../../ports/processed-event-store.port';

export interface EventBridgeHandlerDeps {
  consumers: { name: string; handler: EventHandler }[];
  processed: ProcessedEventStore;
  logger: Logger;
}

/**
 * A rule target: hands the event in `detail` to every consumer, each wrapped in
 * idempotentConsumer so one already handled (a redelivery, or a retry after a sibling failed)
 * is skipped by name and event id.
 *
 * It throws when any consumer fails, and when the detail is not a DomainEvent. EventBridge invokes
 * Lambda asynchronously; only a thrown error makes Lambda retry (twice by default) and then hand
 * the event to the function's on-failure destination or DLQ. Swallowing the error would lose the
 * event for good, and retrying is safe because the consumers that succeeded have their marks.
 */
export const createEventBridgeHandler = ({
  consumers,
  processed,
  logger,
}: EventBridgeHandlerDeps) => {
  const wrapped = consumers.map(({ name, handler }) => ({
    name,
    handle: idempotentConsumer(name, processed, handler),
  }));
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
    const domainEvent = parsed.data as DomainEvent;
    const log = logger.child({ eventId: domainEvent.id, type: domainEvent.type });
    const results = await Promise.allSettled(wrapped.map(({ handle }) => handle(domainEvent)));
    const failed = results.flatMap((result, i) =>
      result.status === 'rejected' ? [{ consumer: wrapped[i]?.name, error: result.reason }] : [],
    );
    for (const { consumer, error } of failed)
      log.error({ consumer, err: error }, 'consumer failed');
    if (failed.length > 0) {
      throw new AggregateError(
        failed.map((f) => f.error),
        `${failed.length} of ${wrapped.length} consumers failed on ${domainEvent.type} ${domainEvent.id}: ${failed.map((f) => f.consumer).join(', ')}`,
      );
    }
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
  const rule = event.resources?.[0]?.split(':rule/')[1];
  return rule?.split('/').at(-1) || undefined;
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
      time: event.time,
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
