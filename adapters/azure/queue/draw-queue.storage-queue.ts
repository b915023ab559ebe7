import type { QueueClient } from '@azure/storage-queue';
import type { StorageQueueOptions } from './event-bus.storage-queue';
import { encodeMessage, queueClient } from './queue-message';

/**
 * Started draws, queued for the function that runs them: the message stays in the queue until
 * that invocation ends, so a host that stops mid-draw has it delivered again (and the draw,
 * whose steps are idempotent, run again from the start).
 */
export class StorageQueueDrawDispatcher {
  readonly queue: QueueClient;

  constructor(options: StorageQueueOptions) {
    this.queue = queueClient(options.connectionString, options.queueName);
  }

  async ensureQueue(): Promise<void> {
    await this.queue.createIfNotExists();
  }

  async dispatch(draw: { id: string; winners: number }): Promise<void> {
    await this.queue.sendMessage(encodeMessage({ drawId: draw.id, winners: draw.winners }));
  }
}
