import { afterAll } from 'vitest';
import { openDynamoDbTable } from '../../adapters/aws/dynamodb/dynamodb-store';
import { createHttpHandler } from '../../adapters/aws/lambda/http/http-handler';
import type { LocalDrawWorkflow } from '../../adapters/local/draw-workflow.local';
import { composeLambda, type LambdaOverrides } from '../../apps/aws-lambda/composition';
import { composeHttp } from '../../apps/aws-lambda/http-composition';
import { createLambdaLogger } from '../../apps/aws-lambda/lambda-logger';
import {
  type LotteryTask,
  lotteryOnAws,
  lotteryTaskHandler,
  STATE_MACHINE_VARIABLE,
} from '../../apps/aws-lambda/lottery';
import { openDynamoDbStore } from '../../apps/composition/stores/dynamodb';
import { modules } from '../../apps/modules/modules';
import { lotteryModule } from '../../apps/modules/lottery/lottery.module';
import type { Notification } from '../../ports/notifier.port';
import { lambdaSend } from '../support/doors';
import { type Dynalite, startDynalite } from '../support/dynalite';
import { STATE_MACHINE_ARN, StepFunctionsStandIn } from '../support/step-functions-stand-in';
import { startTestServer } from '../support/test-server';
import { injectSend } from './http-scenario';
import { describeLotteryDoor } from './lottery-scenario';

// ------------------------------------------------------------------ the embedded server

describeLotteryDoor('the Fastify server (SQLite, the document run in-process)', async () => {
  const server = await startTestServer();
  const workflow = server.composed.services(lotteryModule).workflow as LocalDrawWorkflow;
  const send = injectSend(server.app);
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
});

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
        lottery: lotteryOnAws({ [STATE_MACHINE_VARIABLE]: STATE_MACHINE_ARN }, async () => stepFunctions!.client),
      },
    };
    // Each task function composed as its bundle composes it (functions/lottery-*.ts).
    const task = (name: LotteryTask) => lotteryTaskHandler(composeLambda({}, `lottery-${name}`, [], overrides), name);
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
      notifications: async () => sfn.published.map(({ Subject, Message }) => ({ subject: Subject ?? '', message: Message })),
      close: async () => sfn.restore(),
    };
  },
);
