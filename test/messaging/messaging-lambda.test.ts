import { afterAll, beforeAll } from 'vitest';
import { createHttpHandler } from '../../adapters/aws/lambda/http/http-handler';
import { S3ObjectStore } from '../../adapters/aws/s3/object-store.s3';
import { createS3Client } from '../../adapters/aws/s3/s3-client';
import { MemoryNotifier } from '../../adapters/memory/notifier.memory';
import { composeLambda, type LambdaOverrides } from '../../apps/aws-lambda/composition';
import { eventBridgeTargetHandler, sqsJobsHandler } from '../../apps/aws-lambda/handlers';
import { composeHttp } from '../../apps/aws-lambda/http-composition';
import { createLambdaLogger } from '../../apps/aws-lambda/lambda-logger';
import { openMemoryStore } from '../../apps/composition/stores/memory';
import { modules } from '../../apps/modules/modules';
import { lambdaSend, ruleTarget } from '../support/doors';
import { type S3rverInstance, startS3rver } from '../support/s3rver';
import { sqsEventOf } from '../support/sqs-event';
import { describeMessagingScenario } from './messaging-scenario';

let s3: S3rverInstance;
beforeAll(async () => {
  s3 = await startS3rver();
});
afterAll(async () => {
  await s3?.stop();
});

/*
 * The Lambda functions' own handlers on stand-ins for the table (memory store, whose job queue
 * stands in for SQS) and the bucket (s3rver): the HTTP function fed HTTP API events, the rule
 * target fed the table's events, the jobs function fed SQS events built on the real fixture,
 * settled as the event source mapping settles them (deletes all but batchItemFailures).
 */
describeMessagingScenario('Lambda (HTTP API, EventBridge target, SQS event source)', async () => {
  const store = await openMemoryStore(modules);
  const notifier = new MemoryNotifier();
  const overrides: LambdaOverrides = {
    store,
    notifier,
    objects: new S3ObjectStore({ client: createS3Client(s3.env), bucket: s3.bucket }),
    logger: createLambdaLogger({ level: 'silent' }),
  };
  const { api } = composeHttp({}, overrides);
  const react = eventBridgeTargetHandler(composeLambda({}, 'eventbridge-target', [], overrides));
  const jobsApp = composeLambda({}, 'sqs-jobs', [], overrides);
  const jobs = sqsJobsHandler(jobsApp);
  const queue = jobsApp.composed.consumers[0]!.queue;
  const outbox = store.outbox!.store;
  return {
    send: lambdaSend(createHttpHandler(api), 'v2'),
    settle: async () => {
      for (;;) {
        const due = await outbox.due(1000, new Date('2999-01-01T00:00:00Z'));
        for (const entry of due) await react(ruleTarget(entry.event));
        await outbox.markDelivered(due.map((entry) => entry.event.id));
        const received = await queue.receive(10, 30);
        if (due.length === 0 && received.length === 0) return;
        if (received.length === 0) continue;
        const { batchItemFailures } = await jobs(sqsEventOf(received));
        const failed = new Set(batchItemFailures.map((failure) => failure.itemIdentifier));
        for (const job of received) if (!failed.has(job.id)) await queue.delete(job.receipt);
      }
    },
    notified: async () => notifier.sent,
    download: async (url) => (await fetch(url)).text(),
    sendRaw: async (body) => {
      await queue.send({ body });
    },
    close: async () => undefined,
  };
});
