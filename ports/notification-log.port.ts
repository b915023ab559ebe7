import type { Notification } from './notifier.port';

export interface SentNotification extends Notification {
  id: string;
  sentAt: string;
}

/** Notifications already sent, newest first: what the embedded server shows at GET /notifications. */
export interface NotificationLog {
  recent(limit: number): Promise<SentNotification[]>;
}
