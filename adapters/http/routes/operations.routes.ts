import * as z from 'zod/mini';
import { jobRunSchema } from '../../../domain/operations/job-runs';
import {
  JobNotFoundError,
  operationsErrorCodes,
} from '../../../domain/operations/operations-errors';
import type { OperationsService } from '../../../domain/operations/operations-service';
import { named } from '../../../domain/shared/zod';
import { errorTable } from '../error-table';
import { defineRoute, type Route } from '../route';

/** What each operations error means over HTTP. */
export const operationsErrors = errorTable(operationsErrorCodes, {
  'OPERATIONS.JOB_NOT_FOUND': 404,
});

/** A job as the routes show and run it: its cron in the three forms the doors use. */
export interface ListedJob {
  name: string;
  description: string;
  cron: string;
  eventBridge: string;
  ncrontab: string;
  /** Runs it now, recording its run as a tick would. */
  run(): Promise<unknown>;
}

const jobsSchema = named(
  z.object({
    items: z.array(
      z.object({
        name: z.string(),
        description: z.string(),
        cron: z.object({ cron: z.string(), eventBridge: z.string(), ncrontab: z.string() }),
        lastRun: z.nullable(jobRunSchema),
      }),
    ),
  }),
  'ScheduledJobs',
);
const jobParams = z.object({ name: z.string().check(z.minLength(1), z.maxLength(100)) });

export const operationsRoutes = (
  operations: OperationsService,
  /** Read per request: the door's schedules are known once the app is composed. */
  listJobs: () => readonly ListedJob[],
): Route[] => [
  defineRoute({
    method: 'GET',
    path: '/jobs',
    access: { role: 'admin' },
    operationId: 'listScheduledJobs',
    summary: 'The scheduled jobs: each cron (five-field, EventBridge, NCRONTAB) and its last run',
    tags: ['operations'],
    responses: { 200: { description: 'The jobs', schema: jobsSchema } },
    errors: [],
    handler: async () => ({
      status: 200,
      body: {
        items: await Promise.all(
          listJobs().map(async ({ name, description, cron, eventBridge, ncrontab }) => ({
            name,
            description,
            cron: { cron, eventBridge, ncrontab },
            lastRun: await operations.lastRun(name),
          })),
        ),
      },
    }),
  }),
  defineRoute({
    method: 'POST',
    path: '/jobs/:name/run',
    access: { role: 'admin' },
    operationId: 'runScheduledJob',
    summary: 'Runs a scheduled job now and answers with its run (a failed run is outcome failed)',
    tags: ['operations'],
    params: jobParams,
    responses: { 200: { description: 'The run', schema: jobRunSchema } },
    errors: ['OPERATIONS.JOB_NOT_FOUND'],
    handler: async ({ params }) => {
      const job = listJobs().find((candidate) => candidate.name === params.name);
      if (!job) throw new JobNotFoundError(params.name);
      // A failure is recorded as the last run; the answer is that record, not a 500.
      await job.run().catch(() => undefined);
      return { status: 200, body: await operations.lastRun(job.name) };
    },
  }),
];
