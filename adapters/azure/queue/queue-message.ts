import { QueueServiceClient } from '@azure/storage-queue';
import { resolveConnectionString } from '../storage-connection';

/** Storage Queue's limit on a message, as sent (after base64): 64 KiB. */
export const MAX_MESSAGE_BYTES = 64 * 1024;

/**
 * Message text as the Functions queue trigger expects it by default (host.json
 * `extensions.queues.messageEncoding: base64`): base64 of the UTF-8 JSON.
 */
export const encodeMessage = (value: unknown): string => {
  const text = Buffer.from(JSON.stringify(value), 'utf8').toString('base64');
  if (text.length > MAX_MESSAGE_BYTES) {
    throw new Error(
      `A queue message may be at most ${MAX_MESSAGE_BYTES} bytes once encoded (got ${text.length})`,
    );
  }
  return text;
};

/** The JSON value of a message read with the Queue SDK (tests, tools): the inverse of encodeMessage. */
export const decodeMessage = (messageText: string): unknown =>
  JSON.parse(Buffer.from(messageText, 'base64').toString('utf8'));

export const queueClient = (connectionString: string, queueName: string) =>
  QueueServiceClient.fromConnectionString(resolveConnectionString(connectionString)).getQueueClient(
    queueName,
  );
