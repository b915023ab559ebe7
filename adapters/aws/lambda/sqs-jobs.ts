import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { JobQueue, JobSettlement, ReceivedJob } from '../../../ports/job-queue.port';
import type { Logger } from '../../../ports/logger.port';

export interface SqsJobsHandlerDeps {
  /** The queue the event source reads: retries are delayed and dead letters moved through it. */
  queue: JobQueue;
  process(jobs: readonly ReceivedJob[]): Promise<JobSettlement[]>;
  logger: Logger;
}

/** A record of the SQS event as the job it is (the adapter's attribute carries the dedup id). */
export const sqsRecordToJob = (record: SQSRecord): ReceivedJob => ({
  id: record.messageId,
  body: record.body,
  receipt: record.receiptHandle,
  receiveCount: Number(record.attributes.ApproximateReceiveCount) || 1,
  dedupId: record.messageAttributes?.DedupId?.stringValue,
});

/**
 * The SQS event source's target, with ReportBatchItemFailures: only the jobs that failed come
 * back (`batchItemFailures`); the others are deleted by the event source. A retry is delayed by
 * changing its visibility to the backoff first; a job that can never succeed is moved to the
 * dead-letter queue with its reason and reported as done. Nothing is thrown: a throw would
 * return the whole batch, the succeeded jobs included.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
 */
export const createSqsJobsHandler =
  ({ queue, process, logger }: SqsJobsHandlerDeps) =>
  async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const jobs = event.Records.map(sqsRecordToJob);
    let settlements: JobSettlement[];
    try {
      settlements = await process(jobs);
    } catch (error) {
      logger.error({ err: error, records: jobs.length }, 'job batch failed as a whole');
      return { batchItemFailures: jobs.map((job) => ({ itemIdentifier: job.id })) };
    }
    const failed = await Promise.all(
      jobs.map(async (job, i) => {
        const settlement = settlements[i]!;
        try {
          if (settlement.outcome === 'succeeded') return null;
          if (settlement.outcome === 'dead') {
            await queue.deadLetter(job, settlement.reason);
            return null;
          }
          await queue.release(job.receipt, settlement.delaySeconds);
        } catch (error) {
          logger.error({ err: error, messageId: job.id }, 'could not settle a job; SQS retries it');
        }
        return { itemIdentifier: job.id };
      }),
    );
    return { batchItemFailures: failed.filter((item) => item !== null) };
  };
