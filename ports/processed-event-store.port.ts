/** Remembers which events a consumer has handled, so redelivery has no second effect. */
export interface ProcessedEventStore {
  has(consumer: string, eventId: string): Promise<boolean>;
  record(consumer: string, eventId: string): Promise<void>;
}
