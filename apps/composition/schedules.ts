import type { HealthCheck } from '../../ports/health-check.port';
import type { Logger } from '../../ports/logger.port';
import type { AnyModule, Door } from '../modules/domain-module';
import type { BoundJob, ComposedApp } from './compose-modules';

/** A schedule as the platforms register it: what runs, and when. */
export interface ScheduleDefinition {
  name: string;
  /** Five-field cron, UTC. */
  cron: string;
  description: string;
}

/** The app's own job, beside the modules': it has no domain. */
const STORE_HEARTBEAT: ScheduleDefinition = {
  name: 'store-heartbeat',
  cron: '*/15 * * * *',
  description: 'Proves the record store answers with this identity; alarm on its errors',
};

/**
 * Every schedule a door runs, without composing anything: what the CDK stack makes rules of and
 * the Azure app registers timers for. Names are unique: they name the job a tick runs.
 */
export const scheduleDefinitions = (
  modules: readonly AnyModule[],
  door: Door,
): ScheduleDefinition[] => {
  const all = [
    STORE_HEARTBEAT,
    ...modules.flatMap((module) =>
      (module.schedules ?? [])
        .filter((job) => !job.doors || job.doors.includes(door))
        .map(({ name, cron, description }) => ({ name, cron, description })),
    ),
  ];
  const names = new Set<string>();
  for (const { name } of all) {
    if (names.has(name)) throw new Error(`Two scheduled jobs are named ${name}`);
    names.add(name);
  }
  return all;
};

/** Every job a door runs, ready to run: the heartbeat and each module's. */
export const scheduledJobs = (
  app: ComposedApp,
  deps: { healthChecks: readonly HealthCheck[]; logger: Logger },
  door: Door,
): BoundJob[] => [
  {
    module: 'platform',
    ...STORE_HEARTBEAT,
    run: async () => {
      for (const check of deps.healthChecks) {
        const started = Date.now();
        await check.check();
        deps.logger.info({ check: check.name, ms: Date.now() - started }, 'store reachable');
      }
    },
  },
  ...app.schedules.filter((job) => !job.doors || job.doors.includes(door)),
];
