import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Notification, Notifier } from '../../../ports/notifier.port';

export interface SnsNotifierOptions {
  client: SNSClient;
  topicArn: string;
}

/**
 * Sends a notification to an SNS topic: the subject becomes the e-mail subject (other protocols
 * ignore it), the attributes become String message attributes that subscription filter policies
 * can match. SNS validates the subject (under 100 characters, no line breaks); a refused one
 * fails the call with SNS's InvalidParameter rather than being altered here.
 */
export class SnsNotifier implements Notifier {
  constructor(private readonly options: SnsNotifierOptions) {}

  async notify(notification: Notification): Promise<void> {
    const attributes = Object.entries(notification.attributes ?? {});
    await this.options.client.send(
      new PublishCommand({
        TopicArn: this.options.topicArn,
        Subject: notification.subject,
        Message: notification.message,
        ...(attributes.length > 0
          ? {
              MessageAttributes: Object.fromEntries(
                attributes.map(([name, value]) => [
                  name,
                  { DataType: 'String', StringValue: value },
                ]),
              ),
            }
          : {}),
      }),
    );
  }
}
