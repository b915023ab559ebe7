import * as z from 'zod/mini';
import { NOTIFY_STATE } from '../../domain/lottery/draw-definition';
import type { DrawSteps } from '../../domain/lottery/draw-steps';
import { parseOrThrow } from '../../domain/shared/validation';
import type { Notifier } from '../../ports/notifier.port';
import type { DrawTaskHandlers } from './draw-workflow.local';

/** What the notify state's Parameters hand to SNS Publish (a subset of its input). */
const publishSchema = z.object({
  Subject: z.string(),
  Message: z.string(),
  MessageAttributes: z.optional(
    z.record(z.string(), z.object({ DataType: z.string(), StringValue: z.string() })),
  ),
});

/**
 * The draw's task states bound to the domain, by state name, for an engine running the document
 * in-process. The notify state publishes through the Notifier, answering as SNS Publish does.
 */
export const drawTaskHandlers = (steps: DrawSteps, notifier: Notifier): DrawTaskHandlers => ({
  'Random Select Winners': (input) => steps.select(input),
  'Validate Winners': (input) => steps.validate(input),
  'Record Winner Queue': (input) => steps.record(input),
  [NOTIFY_STATE]: async (input) => {
    const publish = parseOrThrow(publishSchema, input);
    const attributes = Object.fromEntries(
      Object.entries(publish.MessageAttributes ?? {}).map(([name, value]) => [
        name,
        value.StringValue,
      ]),
    );
    await notifier.notify({ subject: publish.Subject, message: publish.Message, attributes });
    return { MessageId: attributes.drawId ?? 'local' };
  },
});
