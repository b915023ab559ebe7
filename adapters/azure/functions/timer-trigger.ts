import type { TimerHandler } from '@azure/functions';
import type { Logger } from '../../../ports/logger.port';
import { withInvocation } from './invocation-logger';

/** One firing of a schedule, as the job sees it. */
export interface Tick {
  /** The host missed the occurrence (app was down or busy) and is catching up. */
  isPastDue: boolean;
  /** When the host expects the next occurrence, if it tracks the schedule. */
  next: Date | undefined;
}

/**
 * The timer door: Timer -> Tick -> the job. A failure is logged and rethrown so the
 * invocation counts as failed and a retry policy on the registration can run it again.
 */
export const timerTriggerHandler =
  (name: string, job: (tick: Tick) => Promise<void>, logger: Logger): TimerHandler =>
  (timer, context) =>
    withInvocation(context, async () => {
      const next = timer.scheduleStatus?.next;
      const tick: Tick = { isPastDue: timer.isPastDue, next: next ? new Date(next) : undefined };
      try {
        await job(tick);
      } catch (error) {
        logger.error({ job: name, isPastDue: tick.isPastDue, err: error }, 'scheduled job failed');
        throw error;
      }
    });
