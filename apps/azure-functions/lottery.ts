import * as z from 'zod/mini';
import { StorageQueueDrawDispatcher } from '../../adapters/azure/queue/draw-queue.storage-queue';
import type { LocalDrawWorkflow } from '../../adapters/local/draw-workflow.local';
import { readEnv } from '../config/read-env';
import { inProcessWorkflow, type LotteryOptions } from '../modules/lottery/lottery.module';

type Env = Record<string, string | undefined>;

const settingsSchema = z.object({
  AZURE_LOTTERY_QUEUE: z._default(
    z
      .string()
      .check(z.regex(/^(?=.{3,63}$)[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a queue name: 3-63 of a-z 0-9 -')),
    'lottery-draws',
  ),
});

/** The queue the `lotteryDraws` function listens on (read at registration too). */
export const lotteryQueueName = (env: Env): string =>
  readEnv(settingsSchema, env).AZURE_LOTTERY_QUEUE;

/**
 * On Azure a started draw is queued and run by the queue-triggered function, on the same
 * document and the same in-process engine as the server, its state saved in Table Storage after
 * every state.
 */
export const lotteryOnAzure = (env: Env, connectionString: string) => {
  const queue = new StorageQueueDrawDispatcher({
    connectionString,
    queueName: lotteryQueueName(env),
  });
  let engine: LocalDrawWorkflow | undefined;
  const options: Partial<LotteryOptions> = {
    workflow: (context) => {
      engine = inProcessWorkflow(context, { dispatch: (draw) => queue.dispatch(draw) });
      return engine;
    },
  };
  return {
    queue,
    options,
    /** What the queue trigger calls: the draw run to its end (the module must be composed). */
    run: (drawId: string) => {
      if (!engine) throw new Error('The lottery module is not composed in this app');
      return engine.run(drawId);
    },
  };
};
