import type { NotificationLog, SentNotification } from '../../ports/notification-log.port';
import type { Notification, Notifier } from '../../ports/notifier.port';

/** Keeps what was sent, in order, for tests and demos; the newest 1000 answer `recent`. */
export class MemoryNotifier implements Notifier, NotificationLog {
  readonly sent: Notification[] = [];
  private readonly log: SentNotification[] = [];

  constructor(private readonly now: () => Date = () => new Date()) {}

  async notify(notification: Notification): Promise<void> {
    // As the real channels deliver it: no attributes arrive as an empty set.
    const sent = {
      subject: notification.subject,
      message: notification.message,
      attributes: { ...(notification.attributes ?? {}) },
    };
    this.sent.push(sent);
    this.log.push({ ...sent, id: String(this.sent.length), sentAt: this.now().toISOString() });
    if (this.log.length > 1000) this.log.shift();
  }

  async recent(limit: number): Promise<SentNotification[]> {
    return this.log.slice(-limit).reverse();
  }
}
