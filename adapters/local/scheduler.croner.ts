import { Cron } from 'croner';
import type { Logger } from '../../ports/logger.port';

export interface Job {
  name: string;
  /** Five-field cron, UTC. */
  cron: string;
  run(): Promise<void>;
}

/**
 * Runs jobs on their cron in this process (croner: kept, no dependencies). A run still going when
 * the next is due is skipped (`protect`), a failure is logged and the next run comes anyway, and
 * the timers do not keep the process alive. `stop` cancels what is scheduled and waits for runs
 * in flight.
 */
export const startSchedules = (jobs: readonly Job[], logger: Logger) => {
  const running = new Set<Promise<void>>();
  const timers = jobs.map(
    (job) =>
      new Cron(
        job.cron,
        { name: job.name, timezone: 'Etc/UTC', protect: true, unref: true },
        async () => {
          const started = Date.now();
          const run = job
            .run()
            .then(() =>
              logger.info({ job: job.name, ms: Date.now() - started }, 'scheduled job finished'),
            )
            .catch((error: unknown) =>
              logger.error(
                { job: job.name, err: error, ms: Date.now() - started },
                'scheduled job failed',
              ),
            );
          running.add(run);
          await run;
          running.delete(run);
        },
      ),
  );
  return {
    /** When each job runs next (for logs and tests). */
    nextRuns: () => Object.fromEntries(timers.map((timer, i) => [jobs[i]!.name, timer.nextRun()])),
    /** Runs a job now, as its tick would (an operator's "run now"). */
    runNow: async (name: string) => {
      const index = jobs.findIndex((job) => job.name === name);
      if (index < 0) throw new Error(`No scheduled job is named ${name}`);
      await timers[index]!.trigger();
    },
    stop: async () => {
      for (const timer of timers) timer.stop();
      await Promise.all([...running]);
    },
  };
};
