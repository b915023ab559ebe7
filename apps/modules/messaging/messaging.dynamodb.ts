import { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDbTable } from '../../../adapters/aws/dynamodb/dynamodb-store';
import { DynamoDbProcessedEventStore } from '../../../adapters/aws/dynamodb/processed-event-store.dynamodb';
import {
  DynamoDbRecordStore,
  recordItemKind,
} from '../../../adapters/aws/dynamodb/record-store.dynamodb';
import { SqsJobQueue } from '../../../adapters/aws/sqs/job-queue.sqs';
import { lazyObject } from '../../composition/lazy';
import { jobsQueueSettings } from './jobs-queue-settings';

/** On AWS the jobs are SQS's (the stack's queue and its dead-letter queue); the records, the table's. */
export const messagingOnDynamoDb = {
  itemKinds: [recordItemKind],
  create: (table: DynamoDbTable) => ({
    // Settings read on first use: a function that never touches the jobs needs none.
    jobs: lazyObject(async () => {
      const { queueUrl, deadLetterQueueUrl } = jobsQueueSettings(process.env).sqs();
      return new SqsJobQueue({ client: new SQSClient({}), queueUrl, deadLetterQueueUrl });
    }),
    docs: new DynamoDbRecordStore(table),
    processed: new DynamoDbProcessedEventStore(table),
  }),
};
