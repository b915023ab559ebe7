import type { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { FunctionName } from '../bundle';

/** The stack's way to make a function from its zip (stack.ts `fn`), for the parts in files of their own. */
export type FunctionFactory = (
  name: FunctionName,
  description: string,
  environment: Record<string, string>,
  options?: { timeout?: Duration },
) => lambda.Function;
