import { SystemClock } from '../../adapters/local/clock.system';
import { UuidV7IdGenerator } from '../../adapters/local/id-generator.uuidv7';
import type { Clock } from '../../ports/clock.port';
import type { IdGenerator } from '../../ports/id-generator.port';
import type { Notifier } from '../../ports/notifier.port';
import type { ObjectStore } from '../../ports/object-store.port';
import { type ComposedApp, composeModules } from '../composition/compose-modules';
import { ordersOptionsOf, ruleSettingsFromEnv } from '../composition/rules';
import { scheduledJobs } from '../composition/schedules';
import type { OpenStore } from '../composition/stores/open-store';
import type { AnyModule } from '../modules/domain-module';
import { modules as allModules } from '../modules/modules';
import { lazyDynamoDbStore, lazyS3ObjectStore, lazySnsNotifier } from './aws-ports';
import { type EnvName, type LambdaConfig, loadLambdaConfig, required } from './config';
import { createLambdaLogger, type LambdaLogger } from './lambda-logger';
import { lotteryOnAws } from './lottery';

type Env = Record<string, string | undefined>;

/** What a function's module scope starts from: its settings, read and checked once, and a logger. */
export const lambdaRuntime = (env: Env, service: string, logger?: LambdaLogger) => {
  const config = loadLambdaConfig(env);
  return { config, logger: logger ?? createLambdaLogger({ level: config.logLevel, service }) };
};

/** Stand-ins for a function's ports (tests run the functions on SQLite, dynalite, s3rver...). */
export interface LambdaOverrides {
  logger?: LambdaLogger;
  store?: OpenStore;
  objects?: ObjectStore;
  notifier?: Notifier;
  clock?: Clock;
  ids?: IdGenerator;
  modules?: readonly AnyModule[];
  /** Per module name: what the app sets for it (the lottery's Step Functions client...). */
  moduleOptions?: Readonly<Record<string, unknown>>;
}

export interface LambdaApp {
  config: LambdaConfig;
  logger: LambdaLogger;
  store: OpenStore;
  objects: ObjectStore;
  composed: ComposedApp;
}

/**
 * Every module composed on AWS, once per execution environment (module scope, Lambda's init
 * phase): the table, the bucket and the topic, each loaded on first use, so every function
 * composes the same app and pays only for what its invocations touch. Plain function calls, not
 * the server's inversify container: see the README's Lambda figures for what that would cost.
 * `requires` are the settings this function cannot run without, checked now rather than at the
 * first invocation that needs them.
 */
export const composeLambda = (
  env: Env,
  service: string,
  requires: readonly EnvName[] = [],
  overrides: LambdaOverrides = {},
): LambdaApp => {
  const { config, logger } = lambdaRuntime(env, service, overrides.logger);
  for (const name of requires) required(env[name] || undefined, name);
  const modules = overrides.modules ?? allModules;
  const store = overrides.store ?? lazyDynamoDbStore(modules, env, config);
  const objects = overrides.objects ?? lazyS3ObjectStore(env, config);
  const composed = composeModules(
    modules,
    {
      clock: overrides.clock ?? new SystemClock(),
      ids: overrides.ids ?? new UuidV7IdGenerator(),
      logger,
      objects,
      notifier: overrides.notifier ?? lazySnsNotifier(config),
      housekeeping: store.housekeeping,
    },
    {
      storesOf: (module) => store.storesOf(module),
      routes: {
        scheduledJobs: () =>
          scheduledJobs(composed, { healthChecks: store.healthChecks, logger }, 'aws'),
      },
      options: overrides.moduleOptions ?? {
        lottery: lotteryOnAws(env),
        ...ordersOptionsOf(ruleSettingsFromEnv(env)),
      },
    },
  );
  return { config, logger, store, objects, composed };
};
