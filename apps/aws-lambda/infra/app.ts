import { synthesize } from './assembly';

/**
 * The CDK app the CLI runs (`npx cdk deploy --app "npx tsx apps/aws-lambda/infra/app.ts"`,
 * or cdk.json beside this file); the CLI passes the output folder in CDK_OUTDIR.
 */
await synthesize();
