import {
  createHttpHandler,
  type LambdaHttpHandler,
} from '../../adapters/aws/lambda/http/http-handler';
import { composeHttp, type HttpStore } from '../../apps/aws-lambda/http-composition';
import { createLambdaLogger } from '../../apps/aws-lambda/lambda-logger';
import { sqliteStore } from '../../apps/server/stores/sqlite.store';
import type { StoreAdapters } from '../../apps/server/stores/store-adapters';
import { lambdaSend } from '../support/doors';
import { tempDir } from '../support/temp-dir';
import { describeHttpScenario } from './http-scenario';

/** The Lambda composition (apps/aws-lambda) on a fresh SQLite file instead of DynamoDB. */
const openDoor = (format: 'v1' | 'v2') => async () => {
  const dir = tempDir('lambda-door-');
  const store = (await sqliteStore({ dataDir: dir.path, env: {} })) as StoreAdapters;
  const { api } = composeHttp(
    { CORS_ORIGINS: 'https://app.example.com' },
    { store: store as HttpStore, logger: createLambdaLogger({ level: 'silent' }) },
  );
  const handler: LambdaHttpHandler = createHttpHandler(api);
  return {
    send: lambdaSend(handler, format),
    close: async () => {
      await store.close();
      dir.remove();
    },
  };
};

describeHttpScenario('the Lambda handler fed REST API (payload 1.0) events', openDoor('v1'));
describeHttpScenario('the Lambda handler fed HTTP API (payload 2.0) events', openDoor('v2'));
