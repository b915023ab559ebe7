import type { QueueClient } from '@azure/storage-queue';
import type { DomainEvent } from '../../../domain/shared/domain-event';
import type { EventBus } from '../../../ports/event-bus.port';
import { eventToEnvelope } from './event-envelope';
import { encodeMessage, queueClient } from './queue-message';

export interface StorageQueueOptions {
  connectionString: string;
  queueName: string;
}

/**
 * Publishes events to a Storage Queue, one CloudEvents envelope per message, in order; the
 * queue trigger delivers them to the consumers. Messages never expire (TTL -1): an event
 * waits in the queue (or its poison queue) until it is handled, however long that takes.
 */
export class StorageQueueEventBus implements EventBus {
  readonly queue: QueueClient;

  constructor(options: StorageQueueOptions) {
    this.queue = queueClient(options.connectionString, options.queueName);
  }

  async ensureQueue(): Promise<void> {
    await this.queue.createIfNotExists();
  }

  async publish(events: readonly DomainEvent[]): Promise<void> {
    for (const event of events) {
      await this.queue.sendMessage(encodeMessage(eventToEnvelope(event)), {
        messageTimeToLive: -1,
      });
    }
  }
}
