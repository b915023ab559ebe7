import type { Logger } from '../../ports/logger.port';
import type { NotificationLog, SentNotification } from '../../ports/notification-log.port';
import type { Notification, Notifier } from '../../ports/notifier.port';

/** The embedded server's channel: the notification is kept (GET /notifications) and logged. */
export class LoggedNotifier implements Notifier, NotificationLog {
  constructor(
    private readonly inner: Notifier & NotificationLog,
    private readonly logger: Logger,
  ) {}

  async notify(notification: Notification): Promise<void> {
    await this.inner.notify(notification);
    this.logger.info(
      { subject: notification.subject, message: notification.message },
      'notification sent',
    );
  }

  recent(limit: number): Promise<SentNotification[]> {
    return this.inner.recent(limit);
  }
}
