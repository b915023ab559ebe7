import type { HealthCheck } from '../../ports/health-check.port';
import type { Logger } from '../../ports/logger.port';

/** When each job runs (EventBridge schedule expressions); the stack makes one rule per entry. */
export const SCHEDULES = [
  {
    job: 'store-heartbeat',
    expression: 'rate(15 minutes)',
    description: 'Proves the table answers with this role; alarm on its errors',
  },
] as const;

export type JobName = (typeof SCHEDULES)[number]['job'];

/** The jobs by name, as the schedule function runs them (safe to repeat: Lambda retries). */
export const scheduledJobs = (deps: {
  healthChecks: readonly HealthCheck[];
  logger: Logger;
}): Record<JobName, () => Promise<void>> => ({
  'store-heartbeat': async () => {
    for (const check of deps.healthChecks) {
      const started = Date.now();
      await check.check();
      deps.logger.info({ check: check.name, ms: Date.now() - started }, 'store reachable');
    }
  },
});
