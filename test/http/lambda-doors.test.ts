import { join } from 'node:path';
import {
  createHttpHandler,
  type LambdaHttpHandler,
} from '../../adapters/aws/lambda/http/http-handler';
import { composeHttp } from '../../apps/aws-lambda/http-composition';
import { createLambdaLogger } from '../../apps/aws-lambda/lambda-logger';
import { openSqliteStore } from '../../apps/composition/stores/sqlite';
import { modules } from '../../apps/modules/modules';
import { lambdaSend } from '../support/doors';
import { tempDir } from '../support/temp-dir';
import { describeHttpScenario } from './http-scenario';

/** The Lambda composition (apps/aws-lambda) on a fresh SQLite file instead of DynamoDB. */
const openDoor = (format: 'v1' | 'v2') => async () => {
  const dir = tempDir('lambda-door-');
  const store = await openSqliteStore(modules, join(dir.path, 'app.db'));
  const { api } = composeHttp(
    { CORS_ORIGINS: 'https://app.example.com' },
    { store, logger: createLambdaLogger({ level: 'silent' }) },
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
