import { loadLambdaConfig } from './config';
import { createLambdaLogger, type LambdaLogger } from './lambda-logger';

type Env = Record<string, string | undefined>;

/**
 * What every function's module scope starts from: its settings, read and checked once,
 * and a logger named after it. Each function then builds only the adapters it uses
 * (http-composition.ts for the HTTP one), so no bundle carries another's dependencies.
 */
export const lambdaRuntime = (env: Env, service: string, logger?: LambdaLogger) => {
  const config = loadLambdaConfig(env);
  return { config, logger: logger ?? createLambdaLogger({ level: config.logLevel, service }) };
};
