import type { InvocationContext, StorageQueueHandler } from '@azure/functions';
import type { JobQueue, JobSettlement, ReceivedJob } from '../../../ports/job-queue.port';
import type { Logger } from '../../../ports/logger.port';
import { withInvocation } from './invocation-logger';

export interface JobsTriggerDeps {
  queue: JobQueue;
  process(jobs: readonly ReceivedJob[]): Promise<JobSettlement[]>;
  logger: Logger;
}

/**
 * The message as the job it is. The host hands over the decoded text, parsed when it is JSON:
 * it is turned back into text, so the consumer reads every body the same way on every door.
 */
export const queueMessageToJob = (message: unknown, context: InvocationContext): ReceivedJob => {
  const metadata = context.triggerMetadata ?? {};
  const id = String(metadata.id ?? context.invocationId);
  return {
    id,
    body: typeof message === 'string' ? message : JSON.stringify(message),
    receipt: `${id}|${String(metadata.popReceipt ?? '')}`,
    receiveCount: Number(metadata.dequeueCount ?? 1),
  };
};

/**
 * The Storage Queue trigger of the jobs queue: one message per invocation, settled alone.
 * Done: return, and the host deletes it. Retry: throw, and the host shows it again after
 * host.json's visibilityTimeout. Dead: moved to `<queue>-poison` with its reason (the host
 * finds it already deleted and carries on), so a message that can never succeed is not retried.
 */
export const jobsTriggerHandler =
  ({ queue, process, logger }: JobsTriggerDeps): StorageQueueHandler =>
  (message, context) =>
    withInvocation(context, async () => {
      const job = queueMessageToJob(message, context);
      const [settlement] = await process([job]);
      if (settlement?.outcome === 'dead') {
        await queue.deadLetter(job, settlement.reason);
      } else if (settlement?.outcome === 'retry') {
        logger.warn(
          { messageId: job.id, dequeueCount: job.receiveCount, reason: settlement.reason },
          'job failed; the host will retry it',
        );
        throw new Error(`Job ${job.id} failed: ${settlement.reason}`);
      }
    });
