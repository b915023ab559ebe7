import * as z from 'zod/mini';

/**
 * A fact that happened, written in the same transaction as the change that caused
 * it and delivered at least once. `id` is unique and sortable: consumers dedupe on it.
 */
export interface DomainEvent<TType extends string = string, TPayload = unknown> {
  id: string;
  type: TType;
  occurredAt: string;
  aggregateType: string;
  aggregateId: string;
  payload: TPayload;
}

/** An event before it is stamped with an id and a time. */
export type EventDraft<E extends DomainEvent = DomainEvent> = Omit<E, 'id' | 'occurredAt'>;

/** A DomainEvent as it travels and is stored (outbox rows, EventBridge details), checked on arrival. */
export const domainEventSchema = z.object({
  id: z.string().check(z.minLength(1)),
  type: z.string().check(z.minLength(1)),
  occurredAt: z.string().check(z.minLength(1)),
  aggregateType: z.string(),
  aggregateId: z.string(),
  payload: z.unknown(),
});
