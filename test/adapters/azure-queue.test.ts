import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageQueueEventBus } from '../../adapters/azure/queue/event-bus.storage-queue';
import { envelopeToEvent } from '../../adapters/azure/queue/event-envelope';
import { StorageQueueNotifier } from '../../adapters/azure/queue/notifier.storage-queue';
import { decodeMessage } from '../../adapters/azure/queue/queue-message';
import { type AzuriteInstance, startAzurite, uniqueName } from '../support/azurite';
import { sampleEvent } from '../support/sample-data';

let azurite: AzuriteInstance;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});

const options = () => ({ connectionString: azurite.connectionString, queueName: uniqueName('q') });

describe('Storage Queue event bus (Azurite)', () => {
  it('sends each event as a CloudEvents envelope whose attributes say what it is', async () => {
    const bus = new StorageQueueEventBus(options());
    await bus.ensureQueue();
    const events = [
      { ...sampleEvent('user.created', 'user-1'), aggregateType: 'user', payload: { n: 'é ✓' } },
      { ...sampleEvent('order.created', 'order-9'), aggregateType: 'order' },
    ];
    await bus.publish(events);

    const { receivedMessageItems } = await bus.queue.receiveMessages({ numberOfMessages: 32 });
    const received = receivedMessageItems.map((item) => decodeMessage(item.messageText));
    expect(received).toEqual(
      events.map((event) => ({
        specversion: '1.0',
        id: event.id,
        source: 'urn:one-core-three-doors',
        type: event.type,
        time: event.occurredAt,
        subject: event.aggregateId,
        datacontenttype: 'application/json',
        aggregatetype: event.aggregateType,
        data: event.payload,
      })),
    );
    expect(received.map(envelopeToEvent)).toEqual(events);
    // An event waits as long as it takes to be handled: no expiry.
    for (const item of receivedMessageItems) expect(item.expiresOn.getUTCFullYear()).toBe(9999);
  });

  it('refuses an event too large for one message, and sends nothing', async () => {
    const bus = new StorageQueueEventBus(options());
    await bus.ensureQueue();
    const huge = { ...sampleEvent(), payload: { blob: 'x'.repeat(60 * 1024) } };
    await expect(bus.publish([huge])).rejects.toThrow(/at most 65536 bytes/);
    const { receivedMessageItems } = await bus.queue.receiveMessages();
    expect(receivedMessageItems).toEqual([]);
  });
});

describe('Storage Queue notifier (Azurite)', () => {
  it('delivers subject, message and attributes', async () => {
    const notifier = new StorageQueueNotifier(options());
    await notifier.ensureQueue();
    await notifier.notify({
      subject: 'Your order shipped',
      message: 'Order 42 is on its way.',
      attributes: { channel: 'email', locale: 'fr-FR' },
    });
    await notifier.notify({ subject: 'Plain', message: 'No attributes' });
    const { receivedMessageItems } = await notifier.queue.receiveMessages({ numberOfMessages: 32 });
    expect(receivedMessageItems.map((item) => decodeMessage(item.messageText))).toEqual([
      {
        subject: 'Your order shipped',
        message: 'Order 42 is on its way.',
        attributes: { channel: 'email', locale: 'fr-FR' },
      },
      { subject: 'Plain', message: 'No attributes', attributes: {} },
    ]);
  });
});

describe('event envelopes', () => {
  it.each([
    ['not JSON', 'hello', /not JSON/],
    ['JSON but no envelope', '{"id":"e1"}', /not an event envelope/],
    ['the wrong spec version', { ...{ specversion: '0.3' } }, /specversion/],
  ])('refuses a message that is %s', (_name, message, error) => {
    expect(() => envelopeToEvent(message)).toThrow(error);
  });
});
