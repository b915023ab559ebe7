import type { DomainEvent } from '../../shared/domain-event';

/**
 * An event as EventBridge delivers it to rules, the shape every pattern is written against:
 * detail-type is the DomainEvent's type and detail the whole DomainEvent, as
 * adapters/aws/eventbridge puts it on the bus, so one pattern matches locally and on AWS.
 */
export interface EventEnvelope {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
}

export interface EnvelopeOrigin {
  /** The `source` this app's events carry (apps/aws-lambda/config.ts EVENT_SOURCE). */
  source: string;
  account?: string;
  region?: string;
}

/** EventBridge writes `time` to the second: `2017-12-22T18:43:48Z`. */
const toEventBridgeTime = (iso: string): string =>
  new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The envelope a local delivery gives the rules; `account`/`region` are placeholders off AWS. */
export const toEventEnvelope = (event: DomainEvent, origin: EnvelopeOrigin): EventEnvelope => ({
  version: '0',
  id: event.id,
  'detail-type': event.type,
  source: origin.source,
  account: origin.account ?? '000000000000',
  time: toEventBridgeTime(event.occurredAt),
  region: origin.region ?? 'local',
  resources: [],
  detail: event,
});
