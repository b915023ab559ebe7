import type { JobQueue, JobSettlement, ReceivedJob } from '../../ports/job-queue.port';

/**
 * Settles each job of a batch on the queue it came from, alone: done jobs are deleted (in one
 * batch call), retries come back after their backoff, the dead ones go to the dead letters.
 */
export const settleJobs = async (
  queue: JobQueue,
  jobs: readonly ReceivedJob[],
  settlements: readonly JobSettlement[],
): Promise<void> => {
  const done: string[] = [];
  const others: Promise<void>[] = [];
  jobs.forEach((job, i) => {
    const settlement = settlements[i]!;
    if (settlement.outcome === 'succeeded') done.push(job.receipt);
    else if (settlement.outcome === 'retry') {
      others.push(queue.release(job.receipt, settlement.delaySeconds));
    } else others.push(queue.deadLetter(job, settlement.reason));
  });
  // A delete that failed leaves its job to come back after its timeout: the mark its handler
  // left makes that redelivery a no-op.
  await Promise.all([done.length > 0 ? queue.deleteBatch(done) : undefined, ...others]);
};
