/** What the weekly maintenance deletes: everything of each part older than its cutoff. */
export interface PurgeCutoffs {
  /** Consumers' dedupe marks recorded before this. */
  processedBefore: Date;
  /** Notifications kept (GET /notifications) sent before this. */
  notificationsBefore: Date;
}

/** How many of each were deleted; null where this store keeps none of that part. */
export interface PurgeCounts {
  processedEvents: number | null;
  notifications: number | null;
}

/**
 * Deletes the store's own bookkeeping past its use. Only stores that keep it and cannot expire
 * it themselves have one: DynamoDB's marks expire by TTL, and no cloud keeps notifications.
 */
export interface StoreHousekeeping {
  purge(cutoffs: PurgeCutoffs): Promise<PurgeCounts>;
}
