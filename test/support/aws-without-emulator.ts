import {
  DescribeExecutionCommand,
  ExecutionDoesNotExist,
  ListExecutionsCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';

/**
 * Step Functions and SQS as a fresh account answers them, for door tests whose subject is not
 * the lottery or the jobs but which send requests to every route of the Lambda function. No
 * emulator speaks these APIs (DEPENDENCIES.md); the adapters' own calls are proven against the
 * documented shapes in sfn-draw-workflow.test.ts and job-queue.sqs.test.ts.
 */

/** The settings the stack gives the HTTP function: the draws' state machine, the jobs' queues. */
export const AWS_WITHOUT_EMULATOR_ENV = {
  LOTTERY_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:123456789012:stateMachine:lottery-draw',
  JOBS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/jobs',
  JOBS_DEAD_LETTER_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/jobs-dlq',
};

/** No execution exists, so reading or listing draws finds none; a started one is accepted. */
const emptyStepFunctions = () => {
  const sfn = mockClient(SFNClient);
  sfn
    .on(DescribeExecutionCommand)
    .rejects(new ExecutionDoesNotExist({ message: 'Execution Does Not Exist', $metadata: {} }));
  sfn.on(ListExecutionsCommand).resolves({ executions: [] });
  sfn.on(StartExecutionCommand).callsFake(({ stateMachineArn, name }) => ({
    executionArn: `${String(stateMachineArn).replace(':stateMachine:', ':execution:')}:${name}`,
    startDate: new Date(),
  }));
  return sfn;
};

/** Empty queues that accept every message sent. */
const emptySqs = () => {
  const sqs = mockClient(SQSClient);
  let sent = 0;
  sqs.on(SendMessageCommand).callsFake(() => ({ MessageId: `m-${++sent}` }));
  sqs.on(SendMessageBatchCommand).callsFake(({ Entries }) => ({
    Successful: (Entries ?? []).map((entry: { Id: string }) => ({
      Id: entry.Id,
      MessageId: `m-${++sent}`,
    })),
    Failed: [],
  }));
  sqs.on(ReceiveMessageCommand).resolves({ Messages: [] });
  sqs.on(GetQueueAttributesCommand).callsFake(({ QueueUrl }) => ({
    Attributes: {
      QueueArn: `arn:aws:sqs:us-east-1:123456789012:${String(QueueUrl).split('/').pop()}`,
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '0',
      ApproximateNumberOfMessagesDelayed: '0',
    },
  }));
  sqs.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: 'task-1' });
  return sqs;
};

/**
 * Both stand-ins in place until `restore()`. The jobs queue's slice reads its URLs from the
 * process environment when first used, so they are set there too (and put back after).
 */
export const awsWithoutEmulator = () => {
  const mocks = [emptyStepFunctions(), emptySqs()];
  const before = { ...process.env };
  Object.assign(process.env, AWS_WITHOUT_EMULATOR_ENV);
  return {
    restore: () => {
      for (const mock of mocks) mock.restore();
      for (const name of Object.keys(AWS_WITHOUT_EMULATOR_ENV)) {
        if (before[name] === undefined) delete process.env[name];
        else process.env[name] = before[name];
      }
    },
  };
};
