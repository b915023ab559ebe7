import * as z from 'zod/mini';
import type { DomainEvent } from '../shared/domain-event';
import type { LiveErrorCode } from './live-errors';

/** Largest `data` of a sendMessage, serialized (UTF-8 bytes). */
export const MAX_MESSAGE_DATA_BYTES = 32 * 1024;
export const MAX_PATTERNS = 20;

const typePatternSchema = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(100),
    z.regex(/^[A-Za-z0-9_.*-]+$/, { message: 'Expected letters, digits, _ . - and *' }),
  );

/** What a client sends: one JSON object per text frame, told apart by `action`. */
export const liveRequestSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('subscribe'),
    types: z.array(typePatternSchema).check(z.minLength(1), z.maxLength(MAX_PATTERNS)),
  }),
  z.object({ action: z.literal('sendMessage'), data: z.unknown() }),
]);

export type LiveRequest = z.output<typeof liveRequestSchema>;

/** What the feed sends a client, one JSON object per text frame. */
export type LiveFrame =
  | { type: 'subscribed'; types: string[] }
  | { type: 'message'; from: string; data: unknown }
  | { type: 'sent'; recipients: number }
  | { type: 'event'; event: DomainEvent }
  | { type: 'error'; error: { code: LiveErrorCode; message: string } };

export const errorFrame = (code: LiveErrorCode, message: string): LiveFrame => ({
  type: 'error',
  error: { code, message },
});
