import type { RecordStore } from '../../ports/record-store.port';
import { updateRecord } from '../shared/versioned-records';
import type { BatchSummary } from './message-processor';
import { COLLECTIONS } from './records';

/** The jobs the consumer settled on one UTC day, as the daily report reads them. */
export interface JobCounts {
  /** Jobs whose work was done (a redelivery of work already done is not counted again). */
  processed: number;
  deadLettered: number;
}

export const NO_JOBS: JobCounts = { processed: 0, deadLettered: 0 };

/**
 * Adds a batch's settled jobs to the day's counts: one conditional write per batch, not per
 * job, so the consumer pays one round trip whatever the batch size. The count is written
 * before the door settles the batch on the queue, so a crash between the two redelivers the
 * batch: its succeeded jobs come back as duplicates (their idempotency marks are written) and
 * are not counted again, but a dead-lettered job is dead-lettered, and counted, a second time.
 * A crash after the handlers' marks and before this write loses those jobs from `processed`.
 */
export const countSettledJobs = async (
  docs: RecordStore,
  day: string,
  summary: Pick<BatchSummary, 'succeeded' | 'duplicates' | 'deadLettered'>,
): Promise<void> => {
  const processed = summary.succeeded - summary.duplicates;
  if (processed === 0 && summary.deadLettered === 0) return;
  await updateRecord<JobCounts>(docs, COLLECTIONS.jobCounts, day, (before) => ({
    processed: (before?.processed ?? 0) + processed,
    deadLettered: (before?.deadLettered ?? 0) + summary.deadLettered,
  }));
};

export const jobCountsOn = async (docs: RecordStore, day: string): Promise<JobCounts> =>
  (await docs.get<JobCounts>(COLLECTIONS.jobCounts, day))?.value ?? NO_JOBS;
