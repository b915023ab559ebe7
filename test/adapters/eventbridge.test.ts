import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  EventBridgeEventBus,
  entrySize,
  MAX_BYTES_PER_CALL,
} from '../../adapters/aws/eventbridge/event-bus.eventbridge';
import type { DomainEvent } from '../../domain/shared/domain-event';
import { startRecordingServer } from '../support/recording-server';
import { sampleEvent } from '../support/sample-data';

const credentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' };
const busOptions = { eventBusName: 'app-bus', source: 'one-core.app', baseDelayMs: 0 };

describe('EventBridgeEventBus (aws-sdk-client-mock)', () => {
  const eventBridge = mockClient(EventBridgeClient);
  const client = new EventBridgeClient({ region: 'eu-west-1', credentials });
  const bus = new EventBridgeEventBus({ client, ...busOptions, maxAttempts: 3 });
  const calls = () =>
    eventBridge.commandCalls(PutEventsCommand).map((call) => call.args[0].input.Entries ?? []);
  const ok = (count: number) => ({
    FailedEntryCount: 0,
    Entries: Array.from({ length: count }, (_, i) => ({ EventId: `eb-${i}` })),
  });

  beforeEach(() => {
    eventBridge.reset();
    eventBridge.on(PutEventsCommand).callsFake((input) => ok(input.Entries.length));
  });
  afterAll(() => eventBridge.restore());

  it('sends each event as one entry: detail-type its type, detail the whole event', async () => {
    const event = sampleEvent('user.created', 'user-1');
    await bus.publish([event]);
    expect(calls()).toEqual([
      [
        {
          EventBusName: 'app-bus',
          Source: 'one-core.app',
          DetailType: 'user.created',
          Detail: JSON.stringify(event),
          Time: new Date(event.occurredAt),
        },
      ],
    ]);
  });

  it('batches at most 10 entries per call, in order', async () => {
    const events = Array.from({ length: 23 }, () => sampleEvent());
    await bus.publish(events);
    expect(calls().map((entries) => entries.length)).toEqual([10, 10, 3]);
    expect(
      calls()
        .flat()
        .map((entry) => JSON.parse(entry.Detail ?? '{}').id),
    ).toEqual(events.map((event) => event.id));
  });

  it('batches at most 256 KB per call, counted as EventBridge counts entries', async () => {
    const big = (kb: number): DomainEvent => ({
      ...sampleEvent('blob.stored'),
      payload: { data: 'é'.repeat(kb * 512) },
    });
    // 3 x 100 KB: two fit in one call, the third goes alone; the 10-entry rule is not the cause.
    await bus.publish([big(100), big(100), big(100), sampleEvent()]);
    const sizes = calls().map((entries) => entries.reduce((sum, e) => sum + entrySize(e), 0));
    expect(calls().map((entries) => entries.length)).toEqual([2, 2]);
    for (const size of sizes) expect(size).toBeLessThanOrEqual(MAX_BYTES_PER_CALL);
  });

  it('refuses an event larger than 256 KB before sending anything', async () => {
    const huge = {
      ...sampleEvent('blob.stored'),
      payload: { data: 'x'.repeat(MAX_BYTES_PER_CALL) },
    };
    await expect(bus.publish([sampleEvent(), huge])).rejects.toThrow(
      new RegExp(`over the 262144-byte PutEvents limit: ${huge.id} \\(blob\\.stored\\)`),
    );
    expect(calls()).toEqual([]);
  });

  it('sends again only the entries that failed, until they succeed', async () => {
    const events = Array.from({ length: 4 }, () => sampleEvent());
    let call = 0;
    eventBridge.on(PutEventsCommand).callsFake((input) =>
      ++call > 1
        ? ok(input.Entries.length)
        : {
            FailedEntryCount: 2,
            Entries: [
              { EventId: 'a' },
              { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' },
              { EventId: 'c' },
              { ErrorCode: 'InternalFailure', ErrorMessage: 'oops' },
            ],
          },
    );
    await bus.publish(events);
    const ids = calls().map((entries) => entries.map((e) => JSON.parse(e.Detail ?? '{}').id));
    expect(ids).toEqual([events.map((e) => e.id), [events[1]?.id, events[3]?.id]]);
  });

  it('gives up after the bounded attempts with an error naming each failed event', async () => {
    const [good, bad] = [sampleEvent(), sampleEvent('order.created')];
    eventBridge.on(PutEventsCommand).callsFake((input) => ({
      FailedEntryCount: 1,
      Entries: input.Entries.map((entry: { Detail: string }) =>
        JSON.parse(entry.Detail).id === bad.id
          ? { ErrorCode: 'InternalFailure', ErrorMessage: 'oops' }
          : { EventId: 'ok' },
      ),
    }));
    await expect(bus.publish([good, bad])).rejects.toThrow(
      `EventBridge still failed 1 of 2 entries after 3 attempts: ${bad.id} (order.created): InternalFailure`,
    );
    expect(calls().map((entries) => entries.length)).toEqual([2, 1, 1]);
  });

  it('does not retry an entry error EventBridge documents as permanent', async () => {
    eventBridge.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' }],
    });
    const event = sampleEvent();
    await expect(bus.publish([event])).rejects.toMatchObject({
      name: 'EventBridgePublishError',
      failed: [{ eventId: event.id, errorCode: 'MalformedDetail' }],
    });
    expect(calls()).toHaveLength(1);
  });
});

describe('EventBridgeEventBus over the wire', () => {
  it('sends a SigV4-signed PutEvents request that reaches the endpoint', async () => {
    const wire = await startRecordingServer({
      contentType: 'application/x-amz-json-1.1',
      body: JSON.stringify({ FailedEntryCount: 0, Entries: [{ EventId: 'eb-1' }] }),
    });
    const { seen } = wire;
    const client = new EventBridgeClient({
      region: 'eu-west-1',
      endpoint: wire.endpoint,
      credentials,
    });
    try {
      const event = sampleEvent('user.created');
      await new EventBridgeEventBus({ client, ...busOptions }).publish([event]);
      expect(seen).toHaveLength(1);
      const [request] = seen;
      expect(request?.method).toBe('POST');
      expect(request?.headers['x-amz-target']).toBe('AWSEvents.PutEvents');
      expect(request?.headers['content-type']).toBe('application/x-amz-json-1.1');
      expect(request?.headers.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/eu-west-1\/events\/aws4_request, SignedHeaders=[^,]*x-amz-target[^,]*, Signature=[0-9a-f]{64}$/,
      );
      expect(JSON.parse(request?.body ?? '{}')).toEqual({
        Entries: [
          {
            EventBusName: 'app-bus',
            Source: 'one-core.app',
            DetailType: 'user.created',
            Detail: JSON.stringify(event),
            Time: Date.parse(event.occurredAt) / 1000,
          },
        ],
      });
    } finally {
      client.destroy();
      await wire.close();
    }
  });
});
