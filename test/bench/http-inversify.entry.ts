/**
 * The HTTP function as it would be if it used the server's inversify container around the same
 * composition (bench:lambda builds it like a real function and measures its cold start and
 * bundle beside ours): the figures that decide whether the functions use the container.
 */
import { createHttpHandler } from '../../adapters/aws/lambda/http/http-handler';
import { buildHttpApi } from '../../adapters/http/build-api';
import {
  lazyDynamoDbStore,
  lazyS3ObjectStore,
  lazySnsNotifier,
} from '../../apps/aws-lambda/aws-ports';
import { lambdaRuntime } from '../../apps/aws-lambda/composition';
import type { ComposedApp } from '../../apps/composition/compose-modules';
import { modules } from '../../apps/modules/modules';
import { APP, createContainer } from '../../apps/server/container';
import type { NotificationLog } from '../../ports/notification-log.port';
import type { Notifier } from '../../ports/notifier.port';

const { config, logger } = lambdaRuntime(process.env, 'http');
const store = lazyDynamoDbStore(modules, process.env, config);
const container = createContainer({
  modules,
  store,
  objects: lazyS3ObjectStore(process.env, config),
  notifier: lazySnsNotifier(config) as Notifier & NotificationLog,
  logger,
  routes: {},
});
const composed = container.get<ComposedApp>(APP.Composed);
const api = buildHttpApi(
  { routes: composed.routes, errors: composed.errors, healthChecks: store.healthChecks },
  { logger, cors: { origins: config.corsOrigins }, accessLog: config.accessLog },
);

export const handler = createHttpHandler(api, { logger });
