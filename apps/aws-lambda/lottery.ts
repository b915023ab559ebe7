import type { SFNClient } from '@aws-sdk/client-sfn';
import { once } from '../composition/lazy';
import { ConfigError } from '../config/read-env';
import type { LotteryOptions, WorkflowContext } from '../modules/lottery/lottery.module';

type Env = Record<string, string | undefined>;

/** The variable the stack sets on the HTTP function: the draw's state machine. */
export const STATE_MACHINE_VARIABLE = 'LOTTERY_STATE_MACHINE_ARN';

/**
 * On AWS a draw is a Step Functions execution of the document (the stack's state machine); the
 * HTTP function starts and reads executions, the task functions below run the states.
 */
export const lotteryOnAws = (
  env: Env,
  client: () => Promise<SFNClient> = once(async () => {
    const { SFNClient } = await import('@aws-sdk/client-sfn');
    return new SFNClient({});
  }),
): Partial<LotteryOptions> => ({
  workflow: ({ clock }: WorkflowContext) => {
    const stateMachineArn = env[STATE_MACHINE_VARIABLE];
    if (!stateMachineArn) {
      // Only a draw needs it: every other route of the function works without.
      const missing = () =>
        Promise.reject(
          new ConfigError(
            `Invalid configuration: ${STATE_MACHINE_VARIABLE} is required to run draws`,
          ),
        );
      return { start: missing, find: missing, list: missing };
    }
    // The adapter (and the SFN client's commands) in a chunk of its own, loaded by the first
    // draw route: the HTTP function's cold start carries none of the SDK.
    const engine = once(async () => {
      const { SfnDrawWorkflow } = await import('../../adapters/aws/sfn/draw-workflow.sfn');
      return new SfnDrawWorkflow({ client, stateMachineArn, clock });
    });
    return {
      start: async (draw) => (await engine()).start(draw),
      find: async (id) => (await engine()).find(id),
      list: async (page) => (await engine()).list(page),
    };
  },
});
