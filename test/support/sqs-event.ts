import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import type { ReceivedJob } from '../../ports/job-queue.port';

const FIXTURE = join(
  dirname(fileURLToPath(import.meta.url)),
  '../fixtures/aws-events/sqs-event.json',
);
const TEMPLATE = (JSON.parse(readFileSync(FIXTURE, 'utf8')) as SQSEvent).Records[0]!;

/**
 * An SQS event as the event source mapping delivers it, one record per job: the real fixture's
 * record, cloned, with the job's id, body, receipt handle and receive count.
 */
export const sqsEventOf = (jobs: readonly ReceivedJob[]): SQSEvent => ({
  Records: jobs.map((job): SQSRecord => {
    const record = structuredClone(TEMPLATE);
    record.messageId = job.id;
    record.receiptHandle = job.receipt;
    record.body = job.body;
    record.attributes.ApproximateReceiveCount = String(job.receiveCount);
    record.messageAttributes = job.dedupId
      ? {
          DedupId: {
            dataType: 'String',
            stringValue: job.dedupId,
            stringListValues: [],
            binaryListValues: [],
          },
        }
      : {};
    return record;
  }),
});
