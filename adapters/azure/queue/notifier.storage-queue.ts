import type { QueueClient } from '@azure/storage-queue';
import type { Notification, Notifier } from '../../../ports/notifier.port';
import type { StorageQueueOptions } from './event-bus.storage-queue';
import { encodeMessage, queueClient } from './queue-message';

/**
 * Sends notifications to a Storage Queue for whatever delivers them (a mailer function).
 * The queue has no message properties, so the message is `{ subject, message, attributes }`
 * with the attributes inside, where a consumer filters on them. Unlike events, notices keep
 * the queue's default time-to-live (7 days): one older than that is stale anyway.
 */
export class StorageQueueNotifier implements Notifier {
  readonly queue: QueueClient;

  constructor(options: StorageQueueOptions) {
    this.queue = queueClient(options.connectionString, options.queueName);
  }

  async ensureQueue(): Promise<void> {
    await this.queue.createIfNotExists();
  }

  async notify(notification: Notification): Promise<void> {
    await this.queue.sendMessage(
      encodeMessage({
        subject: notification.subject,
        message: notification.message,
        attributes: notification.attributes ?? {},
      }),
    );
  }
}
