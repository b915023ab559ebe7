import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { SnsNotifier } from '../../adapters/aws/sns/notifier.sns';
import { startRecordingServer } from '../support/recording-server';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:notifications';
const credentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' };

describe('SnsNotifier (aws-sdk-client-mock)', () => {
  const sns = mockClient(SNSClient);
  const notifier = new SnsNotifier({
    client: new SNSClient({ region: 'eu-west-1', credentials }),
    topicArn: TOPIC,
  });
  const inputs = () => sns.commandCalls(PublishCommand).map((call) => call.args[0].input);

  beforeEach(() => {
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  });
  afterAll(() => sns.restore());

  it('publishes subject, message and String attributes for filter policies', async () => {
    await notifier.notify({
      subject: 'Your order shipped',
      message: 'Order o-1 is on its way.',
      attributes: { kind: 'order.shipped', locale: 'en-GB' },
    });
    expect(inputs()).toEqual([
      {
        TopicArn: TOPIC,
        Subject: 'Your order shipped',
        Message: 'Order o-1 is on its way.',
        MessageAttributes: {
          kind: { DataType: 'String', StringValue: 'order.shipped' },
          locale: { DataType: 'String', StringValue: 'en-GB' },
        },
      },
    ]);
  });

  it('sends no MessageAttributes when there are none', async () => {
    await notifier.notify({ subject: 'Hello', message: 'Hi.' });
    await notifier.notify({ subject: 'Hello', message: 'Hi.', attributes: {} });
    expect(inputs()).toEqual([
      { TopicArn: TOPIC, Subject: 'Hello', Message: 'Hi.' },
      { TopicArn: TOPIC, Subject: 'Hello', Message: 'Hi.' },
    ]);
  });

  it('lets a refused publish fail the call', async () => {
    sns.on(PublishCommand).rejects(new Error('Invalid parameter: Subject'));
    await expect(notifier.notify({ subject: 'a\nb', message: 'x' })).rejects.toThrow(
      'Invalid parameter: Subject',
    );
  });
});

describe('SnsNotifier over the wire', () => {
  it('sends a SigV4-signed Publish request that reaches the endpoint', async () => {
    const wire = await startRecordingServer({
      contentType: 'text/xml',
      body:
        '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">' +
        '<PublishResult><MessageId>m-1</MessageId></PublishResult>' +
        '<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></PublishResponse>',
    });
    const { seen } = wire;
    const client = new SNSClient({
      region: 'eu-west-1',
      endpoint: wire.endpoint,
      credentials,
    });
    try {
      await new SnsNotifier({ client, topicArn: TOPIC }).notify({
        subject: 'Your order shipped',
        message: 'On its way & soon there.',
        attributes: { kind: 'order.shipped' },
      });
      expect(seen).toHaveLength(1);
      const [request] = seen;
      expect(request?.method).toBe('POST');
      expect(request?.headers.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/eu-west-1\/sns\/aws4_request, SignedHeaders=\S+, Signature=[0-9a-f]{64}$/,
      );
      expect(Object.fromEntries(new URLSearchParams(request?.body))).toEqual({
        Action: 'Publish',
        Version: '2010-03-31',
        TopicArn: TOPIC,
        Subject: 'Your order shipped',
        Message: 'On its way & soon there.',
        'MessageAttributes.entry.1.Name': 'kind',
        'MessageAttributes.entry.1.Value.DataType': 'String',
        'MessageAttributes.entry.1.Value.StringValue': 'order.shipped',
      });
    } finally {
      client.destroy();
      await wire.close();
    }
  });
});
