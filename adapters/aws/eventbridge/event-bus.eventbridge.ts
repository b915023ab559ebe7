import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import type { DomainEvent } from '../../../domain/shared/domain-event';
import type { EventBus } from '../../../ports/event-bus.port';

/** PutEvents quotas: https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html */
export const MAX_ENTRIES_PER_CALL = 10;
export const MAX_BYTES_PER_CALL = 256 * 1024;

/** Per-entry error codes EventBridge documents as retryable (PutEventsResultEntry.ErrorCode). */
const RETRYABLE = new Set(['InternalFailure', 'ThrottlingException']);

export interface EventBridgeEventBusOptions {
  client: EventBridgeClient;
  eventBusName: string;
  /** The `source` of every event, which rules match on (e.g. `one-core.app`). */
  source: string;
  /** Calls per batch, the first included, before giving up on its failed entries. */
  maxAttempts?: number;
  baseDelayMs?: number;
}

export interface FailedEntry {
  eventId: string;
  type: string;
  errorCode: string;
  errorMessage?: string | undefined;
}

export class EventBridgePublishError extends Error {
  override readonly name = 'EventBridgePublishError';

  constructor(
    message: string,
    readonly failed: readonly FailedEntry[],
  ) {
    const list = failed.map((f) => `${f.eventId} (${f.type}): ${f.errorCode}`).join('; ');
    super(`${message}: ${list}`);
  }
}

/**
 * Size of an entry as EventBridge counts it: Time is 14 bytes, Source, DetailType, Detail and each
 * Resource their UTF-8 bytes (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html).
 */
export const entrySize = (entry: PutEventsRequestEntry): number =>
  (entry.Time ? 14 : 0) +
  [entry.Source, entry.DetailType, entry.Detail, ...(entry.Resources ?? [])].reduce(
    (sum, text) => sum + (text ? Buffer.byteLength(text, 'utf8') : 0),
    0,
  );

interface Pending {
  event: DomainEvent;
  entry: PutEventsRequestEntry;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Publishes domain events to an EventBridge bus: detail-type is the event type, detail the whole
 * DomainEvent (consumers dedupe on its id). PutEvents is not all-or-nothing: it answers 200 with
 * FailedEntryCount, so only the failed entries are sent again, with exponential backoff and
 * jitter; a non-retryable entry error, or entries still failing after maxAttempts, end in an
 * EventBridgePublishError naming each event. Errors of the call itself (network, 5xx, throttling
 * of the whole request) are retried by the SDK's own retry strategy, not again here.
 */
export class EventBridgeEventBus implements EventBus {
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;

  constructor(private readonly options: EventBridgeEventBusOptions) {
    this.maxAttempts = options.maxAttempts ?? 4;
    this.baseDelayMs = options.baseDelayMs ?? 100;
  }

  async publish(events: readonly DomainEvent[]): Promise<void> {
    const pending = events.map((event) => ({ event, entry: this.toEntry(event) }));
    const tooBig = pending.filter(({ entry }) => entrySize(entry) > MAX_BYTES_PER_CALL);
    if (tooBig.length > 0) {
      // Checked before sending anything: such an event can never be delivered as it is.
      throw new EventBridgePublishError(
        `Events over the ${MAX_BYTES_PER_CALL}-byte PutEvents limit`,
        tooBig.map(({ event, entry }) => ({
          eventId: event.id,
          type: event.type,
          errorCode: `TooLarge(${entrySize(entry)} bytes)`,
        })),
      );
    }
    for (const batch of this.batches(pending)) await this.send(batch);
  }

  private toEntry(event: DomainEvent): PutEventsRequestEntry {
    return {
      EventBusName: this.options.eventBusName,
      Source: this.options.source,
      DetailType: event.type,
      Detail: JSON.stringify(event),
      Time: new Date(event.occurredAt),
    };
  }

  /** Consecutive groups of at most 10 entries and 256 KB, in the events' order. */
  private *batches(pending: readonly Pending[]): Generator<Pending[]> {
    let batch: Pending[] = [];
    let bytes = 0;
    for (const item of pending) {
      const size = entrySize(item.entry);
      if (batch.length === MAX_ENTRIES_PER_CALL || bytes + size > MAX_BYTES_PER_CALL) {
        yield batch;
        batch = [];
        bytes = 0;
      }
      batch.push(item);
      bytes += size;
    }
    if (batch.length > 0) yield batch;
  }

  private async send(batch: Pending[]): Promise<void> {
    let pending = batch;
    for (let attempt = 1; ; attempt += 1) {
      const result = await this.options.client.send(
        new PutEventsCommand({ Entries: pending.map((p) => p.entry) }),
      );
      if (!result.FailedEntryCount) return;
      // Result entries are in request order; a failed one carries an ErrorCode.
      const failed = pending.flatMap((p, i) => {
        const answer = result.Entries?.[i];
        return answer?.ErrorCode || !answer
          ? [
              {
                ...p,
                errorCode: answer?.ErrorCode ?? 'Unknown',
                errorMessage: answer?.ErrorMessage,
              },
            ]
          : [];
      });
      const report = (list: typeof failed) =>
        list.map((f) => ({
          eventId: f.event.id,
          type: f.event.type,
          errorCode: f.errorCode,
          errorMessage: f.errorMessage,
        }));
      const fatal = failed.filter((f) => !RETRYABLE.has(f.errorCode));
      if (fatal.length > 0) {
        throw new EventBridgePublishError(
          'EventBridge rejected events (not retryable)',
          report(fatal),
        );
      }
      if (attempt >= this.maxAttempts) {
        throw new EventBridgePublishError(
          `EventBridge still failed ${failed.length} of ${batch.length} entries after ${attempt} attempts`,
          report(failed),
        );
      }
      pending = failed;
      await sleep(this.baseDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2));
    }
  }
}
