import type { OperationsService } from './operations-service';

/** A job of the operations module: its one cron (five fields, UTC) and the work it runs. */
export interface OperationsJob {
  name: string;
  cron: string;
  description: string;
  work(operations: OperationsService): Promise<Record<string, unknown>>;
}

/** The schedules, defined once: the server's croner, the CDK rules and the Azure timers read these. */
export const OPERATIONS_JOBS: readonly OperationsJob[] = [
  {
    name: 'redrive-stalled',
    cron: '0 * * * *',
    description:
      'Hourly: resumes inventory imports left without progress, sends stalled exports to the queue again',
    work: (operations) => operations.redriveStalled(),
  },
  {
    name: 'daily-report',
    cron: '0 9 * * *',
    description: 'Daily 09:00 UTC: the previous UTC day as reports/<day>.json and .csv, notified',
    work: (operations) => operations.dailyReport(),
  },
  {
    name: 'weekly-maintenance',
    cron: '0 2 * * 0',
    description: 'Sunday 02:00 UTC: deletes export files whose download link has expired',
    work: (operations) => operations.maintenance(),
  },
];
