import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { ruleSettingsFromEnv } from '../../composition/rules';
import { buildFunctions, DEFAULT_OUT_DIR } from '../bundle';
import { OneCoreStack } from './stack';

export const STACK_NAME = 'OneCore';

/** `-c corsOrigins=https://app.example.com,https://admin.example.com`; any origin by default. */
const corsOriginsOf = (app: App): string[] => {
  const value: unknown = app.node.tryGetContext('corsOrigins');
  const list = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : ['*'];
  return list.map((origin) => String(origin).trim()).filter(Boolean);
};

/**
 * Builds the function zips, then synthesizes the stack from them: the template never
 * points at stale or missing code, on a fresh clone too. Offline: the stack is
 * environment-agnostic (no lookups), so no AWS credentials are needed until deploy.
 */
export const synthesize = async (options: { outdir?: string } = {}): Promise<CloudAssembly> => {
  await buildFunctions({ outDir: DEFAULT_OUT_DIR });
  const app = new App(options.outdir ? { outdir: options.outdir } : {});
  new OneCoreStack(app, STACK_NAME, {
    assetsDir: DEFAULT_OUT_DIR,
    corsOrigins: corsOriginsOf(app),
    // HIGH_VALUE_THRESHOLD is synthesized into the high-value rule's pattern.
    ruleSettings: ruleSettingsFromEnv(process.env),
    description:
      'One core, three doors: the AWS Lambda door (API Gateway, DynamoDB, S3, SNS, EventBridge, SQS)',
  });
  return app.synth();
};

export const CDK_OUT_DIR = join(DEFAULT_OUT_DIR, 'cdk.out');
