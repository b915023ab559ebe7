/** The app's outbox relay, as a job sees it: one delivery pass over what is due. */
export interface OutboxRedrive {
  /** Delivers the entries whose next attempt is due now; resolves with how many were delivered. */
  redrive(): Promise<number>;
}
