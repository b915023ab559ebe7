import { InvocationContext } from '@azure/functions';
import type { QueueClient } from '@azure/storage-queue';
import { afterAll } from 'vitest';
import { openDynamoDbTable } from '../../adapters/aws/dynamodb/dynamodb-store';
import { createHttpHandler } from '../../adapters/aws/lambda/http/http-handler';
import { InvocationLogger } from '../../adapters/azure/functions/invocation-logger';
import { decodeMessage } from '../../adapters/azure/queue/queue-message';
import type { LocalDrawWorkflow } from '../../adapters/local/draw-workflow.local';
import { composeLambda, type LambdaOverrides } from '../../apps/aws-lambda/composition';
import { composeHttp } from '../../apps/aws-lambda/http-composition';
import { createLambdaLogger } from '../../apps/aws-lambda/lambda-logger';
import { lotteryOnAws, STATE_MACHINE_VARIABLE } from '../../apps/aws-lambda/lottery';
import { type LotteryTask, lotteryTaskHandler } from '../../apps/aws-lambda/lottery-tasks';
import { composeAzureFunctions } from '../../apps/azure-functions/composition';
import { openDynamoDbStore } from '../../apps/composition/stores/dynamodb';
import { lotteryModule } from '../../apps/modules/lottery/lottery.module';
import { modules } from '../../apps/modules/modules';
import type { Notification } from '../../ports/notifier.port';
import { type AzuriteInstance, startAzurite, uniqueName } from '../support/azurite';
import { azureSend, lambdaSend } from '../support/doors';
import { type Dynalite, startDynalite } from '../support/dynalite';
import { STATE_MACHINE_ARN, StepFunctionsStandIn } from '../support/step-functions-stand-in';
import { startTestServer } from '../support/test-server';
import { loopbackSend } from './http-scenario';
import { describeLotteryDoor } from './lottery-scenario';

// ------------------------------------------------------------------ the embedded server

describeLotteryDoor(
  'the server over HTTP on loopback (SQLite, the document run in-process)',
  async () => {
    const server = await startTestServer();
    const workflow = server.composed.services(lotteryModule).workflow as LocalDrawWorkflow;
    const send = await loopbackSend(server.app);
    return {
      send,
      settle: () => workflow.idle(),
      notifications: async () => {
        const res = await send({ method: 'GET', path: '/notifications' });
        return res.body.items
          .map(({ subject, message }: Notification) => ({ subject, message }))
          .reverse();
      },
      close: async () => {
        await workflow.idle();
        await server.dispose();
      },
    };
  },
);

// ------------------------------------------------------------------ AWS Lambda + Step Functions

let dynalite: Promise<Dynalite> | undefined;
afterAll(async () => {
  await (await dynalite)?.close();
});

describeLotteryDoor(
  'the Lambda functions (HTTP API v2 events; Step Functions driving the task functions; DynamoDB on dynalite)',
  async () => {
    dynalite ??= startDynalite();
    const db = await dynalite;
    const table = openDynamoDbTable({ client: db.clients.doc, tableName: await db.newTable() });
    const store = await openDynamoDbStore(modules, table);
    let stepFunctions: StepFunctionsStandIn | undefined;
    const overrides: LambdaOverrides = {
      store,
      logger: createLambdaLogger({ level: 'silent' }),
      moduleOptions: {
        lottery: lotteryOnAws(
          { [STATE_MACHINE_VARIABLE]: STATE_MACHINE_ARN },
          async () => stepFunctions!.client,
        ),
      },
    };
    // Each task function composed as its bundle composes it (functions/lottery-*.ts).
    const task = (name: LotteryTask) =>
      lotteryTaskHandler(composeLambda({}, `lottery-${name}`, [], overrides), name);
    stepFunctions = new StepFunctionsStandIn({
      'Random Select Winners': task('select'),
      'Validate Winners': task('validate'),
      'Record Winner Queue': task('record'),
    });
    const http = createHttpHandler(composeHttp({}, overrides).api);
    const sfn = stepFunctions;
    return {
      send: lambdaSend(http, 'v2'),
      settle: () => sfn.runPending(),
      notifications: async () =>
        sfn.published.map(({ Subject, Message }) => ({ subject: Subject ?? '', message: Message })),
      close: async () => sfn.restore(),
    };
  },
);

// ------------------------------------------------------------------ Azure Functions (Azurite)

let azurite: Promise<AzuriteInstance> | undefined;
afterAll(async () => {
  await (await azurite)?.stop();
});

/** What the host does with each message of a queue: the trigger, then the delete. */
const drainQueue = async (queue: QueueClient, handle: (message: unknown) => Promise<void>) => {
  for (;;) {
    const { receivedMessageItems } = await queue.receiveMessages({ numberOfMessages: 32 });
    if (receivedMessageItems.length === 0) return;
    for (const item of receivedMessageItems) {
      await handle(decodeMessage(item.messageText));
      await queue.deleteMessage(item.messageId, item.popReceipt);
    }
  }
};

describeLotteryDoor(
  'the Azure Functions app (HttpRequest; the draw run by the lottery queue trigger; Table Storage and Storage Queues on Azurite)',
  async () => {
    azurite ??= startAzurite();
    const storage = await azurite;
    const app = await composeAzureFunctions(
      {
        AZURE_STORAGE_CONNECTION_STRING: storage.connectionString,
        AZURE_TABLES_PREFIX: uniqueName('lot'),
        AZURE_EVENTS_QUEUE: uniqueName('events'),
        AZURE_NOTIFICATIONS_QUEUE: uniqueName('notes'),
        AZURE_LOTTERY_QUEUE: uniqueName('draws'),
        AZURE_UPLOADS_CONTAINER: uniqueName('uploads'),
      },
      { logger: new InvocationLogger('silent') },
    );
    const seen: { subject: string; message: string }[] = [];
    return {
      send: azureSend(app.http),
      settle: () =>
        drainQueue(app.lotteryQueue.queue, async (message) => {
          await app.lotteryDraws(
            message,
            new InvocationContext({ functionName: 'lotteryDraws', logHandler: () => undefined }),
          );
        }),
      notifications: async () => {
        await drainQueue(app.notifier.queue, async (message) => {
          const { subject, message: text } = message as Notification;
          seen.push({ subject, message: text });
        });
        return [...seen];
      },
      close: async () => undefined,
    };
  },
);
