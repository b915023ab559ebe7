/** A message for people (an e-mail, an SMS, a chat post) sent through a topic or queue. */
export interface Notification {
  subject: string;
  message: string;
  /** Filterable attributes (SNS message attributes, queue message properties). */
  attributes?: Record<string, string>;
}

export interface Notifier {
  notify(notification: Notification): Promise<void>;
}
