import * as z from 'zod/mini';
import type { DomainEvent } from '../../../domain/shared/domain-event';

/**
 * A domain event on a Storage Queue, as a CloudEvents 1.0 JSON envelope
 * (https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/formats/json-format.md).
 * Storage Queue messages carry no properties of their own, so what other transports send as
 * message attributes travels as the envelope's context attributes: a consumer can route on
 * `type` or `aggregatetype` without reading `data`.
 */
export interface EventEnvelope {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  time: string;
  subject: string;
  datacontenttype: 'application/json';
  /** Extension attribute: the kind of aggregate the event is about (`user`, `order`). */
  aggregatetype: string;
  data: unknown;
}

const text = z.string().check(z.minLength(1));
const envelopeSchema = z.object({
  specversion: z.literal('1.0'),
  id: text,
  source: text,
  type: text,
  time: text,
  subject: text,
  aggregatetype: text,
  data: z.unknown(),
});

export const EVENT_SOURCE = 'urn:one-core-three-doors';

export const eventToEnvelope = (event: DomainEvent): EventEnvelope => ({
  specversion: '1.0',
  id: event.id,
  source: EVENT_SOURCE,
  type: event.type,
  time: event.occurredAt,
  subject: event.aggregateId,
  datacontenttype: 'application/json',
  aggregatetype: event.aggregateType,
  data: event.payload,
});

/**
 * The event in a queue message, however it arrives: the envelope object (the Functions host
 * base64-decodes and the library JSON-parses), its JSON text, or raw bytes. Throws on
 * anything else, which on a queue trigger means retries, then the poison queue.
 */
export const envelopeToEvent = (message: unknown): DomainEvent => {
  let value = message;
  if (value instanceof Uint8Array) value = Buffer.from(value).toString('utf8');
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      throw new Error('The queue message is not JSON, so it is not an event envelope');
    }
  }
  const result = envelopeSchema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => issue.path.join('.') || '(root)');
    throw new Error(`The queue message is not an event envelope (bad: ${issues.join(', ')})`);
  }
  const envelope = result.data;
  return {
    id: envelope.id,
    type: envelope.type,
    occurredAt: envelope.time,
    aggregateType: envelope.aggregatetype,
    aggregateId: envelope.subject,
    payload: envelope.data,
  };
};
