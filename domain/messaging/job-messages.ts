import * as z from 'zod/mini';

const id = z.string().check(z.minLength(1), z.maxLength(128));

export const userSignupMessageSchema = z.object({ type: z.literal('user_signup'), userId: id });
export const orderCreatedMessageSchema = z.object({
  type: z.literal('order_created'),
  orderId: id,
  /** The store to reserve from; the configured default when absent. */
  fulfilmentStore: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
});
export const paymentCompletedMessageSchema = z.object({
  type: z.literal('payment_completed'),
  orderId: id,
  paymentId: id,
});
export const dataExportMessageSchema = z.object({ type: z.literal('data_export'), exportId: id });

/** Every job the queue carries, told apart by `type`. */
export const jobMessageSchema = z.discriminatedUnion('type', [
  userSignupMessageSchema,
  orderCreatedMessageSchema,
  paymentCompletedMessageSchema,
  dataExportMessageSchema,
]);
export type JobMessage = z.infer<typeof jobMessageSchema>;
export type JobType = JobMessage['type'];
export type MessageOf<T extends JobType> = Extract<JobMessage, { type: T }>;

export const JOB_TYPES: readonly JobType[] = [
  'user_signup',
  'order_created',
  'payment_completed',
  'data_export',
];

/**
 * The business key a message acts on: its deduplication id when sent, and the idempotency mark
 * its handler leaves, so the same work sent twice (a redelivery, a resend) has one effect.
 */
export const idempotencyKey = (message: JobMessage): string => {
  switch (message.type) {
    case 'user_signup':
      return `user_signup:${message.userId}`;
    case 'order_created':
      return `order_created:${message.orderId}`;
    case 'payment_completed':
      return `payment_completed:${message.paymentId}`;
    case 'data_export':
      return `data_export:${message.exportId}`;
  }
};

/** Why a message can never be handled: it goes to the dead letters at once, never retried. */
export type PermanentReason = 'INVALID_JSON' | 'UNKNOWN_TYPE' | 'INVALID_MESSAGE' | 'REJECTED';

export type ParsedMessage =
  | { ok: true; message: JobMessage }
  | { ok: false; reason: PermanentReason; detail: string };

/** Reads a message body: invalid JSON, an unknown type or a bad shape is a permanent failure. */
export const parseJobMessage = (body: string): ParsedMessage => {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    return { ok: false, reason: 'INVALID_JSON', detail: (error as Error).message };
  }
  const type = (value as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || !JOB_TYPES.includes(type as JobType)) {
    return { ok: false, reason: 'UNKNOWN_TYPE', detail: `type ${JSON.stringify(type)}` };
  }
  const parsed = jobMessageSchema.safeParse(value);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    return { ok: false, reason: 'INVALID_MESSAGE', detail };
  }
  return { ok: true, message: parsed.data };
};

/** A handler's way to say a message can never succeed (its order does not exist...). */
export class PermanentMessageError extends Error {
  override readonly name = 'PermanentMessageError';
}

/** A lookup whose "not found" means the message can never succeed (its user or order is gone). */
export const permanentIfMissing = async <T>(
  lookup: Promise<T>,
  notFound: abstract new (...args: never[]) => Error,
): Promise<T> => {
  try {
    return await lookup;
  } catch (error) {
    if (error instanceof notFound) throw new PermanentMessageError(error.message);
    throw error;
  }
};
