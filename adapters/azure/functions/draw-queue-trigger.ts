import type { StorageQueueHandler } from '@azure/functions';
import * as z from 'zod/mini';
import type { Logger } from '../../../ports/logger.port';
import { withInvocation } from './invocation-logger';

const drawMessageSchema = z.object({ drawId: z.string().check(z.minLength(1)) });

/**
 * The queue door of draws: runs the draw the message names to its end. A failure is rethrown so
 * the host delivers the message again (the draw resumes from the start, safely), then poisons it.
 * A draw that has ended is not run again.
 */
export const drawQueueTriggerHandler =
  (run: (drawId: string) => Promise<{ status: string }>, logger: Logger): StorageQueueHandler =>
  (message, context) =>
    withInvocation(context, async () => {
      const { drawId } = drawMessageSchema.parse(message);
      try {
        const draw = await run(drawId);
        logger.info(
          { drawId, status: draw.status, dequeueCount: context.triggerMetadata?.dequeueCount },
          'draw run',
        );
      } catch (error) {
        logger.error({ drawId, err: error }, 'draw run failed; the host will deliver it again');
        throw error;
      }
    });
