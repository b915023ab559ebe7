import { InvocationContext, type StorageQueueHandler } from '@azure/functions';
import type { QueueClient } from '@azure/storage-queue';
import { afterAll, beforeAll } from 'vitest';
import { InvocationLogger } from '../../adapters/azure/functions/invocation-logger';
import { decodeMessage, queueClient } from '../../adapters/azure/queue/queue-message';
import { composeAzureFunctions } from '../../apps/azure-functions/composition';
import { type AzuriteInstance, startAzurite, uniqueName } from '../support/azurite';
import { azureSend } from '../support/doors';
import { describeMessagingScenario, type Notice } from './messaging-scenario';

let azurite: AzuriteInstance;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});

/**
 * Hands each message of a queue to a trigger as the Functions host does: the base64 text
 * decoded (and parsed when it is JSON), the message's id, pop receipt and dequeue count in the
 * trigger metadata; deleted when the invocation succeeds, left to come back when it throws.
 */
const runTrigger = async (queue: QueueClient, trigger: StorageQueueHandler): Promise<number> => {
  const { receivedMessageItems } = await queue.receiveMessages({ numberOfMessages: 32 });
  for (const item of receivedMessageItems) {
    const text = Buffer.from(item.messageText, 'base64').toString('utf8');
    let message: unknown = text;
    try {
      message = JSON.parse(text);
    } catch {
      // The host hands over a string when the text is not JSON.
    }
    const context = new InvocationContext({
      functionName: 'trigger',
      triggerMetadata: {
        id: item.messageId,
        popReceipt: item.popReceipt,
        dequeueCount: item.dequeueCount,
      },
      logHandler: () => undefined,
    });
    try {
      await trigger(message, context);
      await queue.deleteMessage(item.messageId, item.popReceipt).catch(() => undefined);
    } catch {
      await queue.updateMessage(item.messageId, item.popReceipt, undefined, 0);
    }
  }
  return receivedMessageItems.length;
};

describeMessagingScenario(
  'Azure Functions (Azurite: HTTP, event and jobs queue triggers)',
  async () => {
    const jobsQueue = uniqueName('jobs');
    // The function app registers its trigger on AZURE_JOBS_QUEUE; the store slice sends there.
    process.env.AZURE_JOBS_QUEUE = jobsQueue;
    const app = await composeAzureFunctions(
      {
        AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
        AZURE_TABLES_PREFIX: uniqueName('msg'),
        AZURE_EVENTS_QUEUE: uniqueName('events'),
        AZURE_JOBS_QUEUE: jobsQueue,
        AZURE_NOTIFICATIONS_QUEUE: uniqueName('notes'),
        AZURE_UPLOADS_CONTAINER: uniqueName('uploads'),
      },
      { logger: new InvocationLogger('silent') },
    );
    const jobs = queueClient(azurite.connectionString, jobsQueue);
    await jobs.createIfNotExists();
    const notices: Notice[] = [];
    return {
      send: azureSend(app.http),
      settle: async () => {
        for (;;) {
          const events = await runTrigger(app.bus.queue, app.domainEvents);
          const handled = await runTrigger(jobs, app.jobs);
          if (events + handled === 0) return;
        }
      },
      notified: async () => {
        for (;;) {
          const { receivedMessageItems } = await app.notifier.queue.receiveMessages({
            numberOfMessages: 32,
          });
          if (receivedMessageItems.length === 0) return [...notices];
          for (const item of receivedMessageItems) {
            notices.push(decodeMessage(item.messageText) as Notice);
            await app.notifier.queue.deleteMessage(item.messageId, item.popReceipt);
          }
        }
      },
      download: async (url) => (await fetch(url)).text(),
      sendRaw: async (body) => {
        await jobs.sendMessage(Buffer.from(body).toString('base64'));
      },
      close: async () => undefined,
    };
  },
);
