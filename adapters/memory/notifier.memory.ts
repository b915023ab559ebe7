import type { Notification, Notifier } from '../../ports/notifier.port';

/** Keeps what was sent, in order, for tests and demos. */
export class MemoryNotifier implements Notifier {
  readonly sent: Notification[] = [];

  async notify(notification: Notification): Promise<void> {
    this.sent.push(structuredClone(notification));
  }
}
