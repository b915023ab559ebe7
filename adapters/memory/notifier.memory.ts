import type { Notification, Notifier } from '../../ports/notifier.port';

/** Keeps what was sent, in order, for tests and demos. */
export class MemoryNotifier implements Notifier {
  readonly sent: Notification[] = [];

  async notify(notification: Notification): Promise<void> {
    // As the real channels deliver it: no attributes arrive as an empty set.
    this.sent.push({
      subject: notification.subject,
      message: notification.message,
      attributes: { ...(notification.attributes ?? {}) },
    });
  }
}
