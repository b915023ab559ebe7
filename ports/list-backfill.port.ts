/** What a backfill did for one kind of record (`import`, `lottery-draw`), so far. */
export interface BackfillCount {
  kind: string;
  /** Records of this kind read. */
  records: number;
  /** List entries this run wrote; the other records were listed already, or unreadable. */
  added: number;
  /**
   * The store keys of records that could not be read (not of their schema) where their entry
   * had to be checked or written: left as they are (a list could not show them either), for
   * someone to repair or delete, then run the backfill again.
   */
  unreadable: string[];
}

/** After each page of the store's own paging: its number and the counts up to it. */
export interface BackfillProgress {
  page: number;
  counts: readonly BackfillCount[];
}

/**
 * Gives every record of a listed kind its list entry, for records written before their list
 * existed (a store upgraded across the version that added GET /inventory/imports and
 * GET /lottery/draws). Idempotent: it only writes entries that are missing, each write
 * conditional, and never writes a record itself, so a record the app changed meanwhile is never
 * reverted. A run that stopped part way is completed by running it again. Only stores whose list
 * entries are written apart from the record (DynamoDB's GSI keys, Table Storage's pointers) have
 * one; SQLite's list is an index over the records themselves.
 */
export interface ListBackfill {
  run(onPage?: (progress: BackfillProgress) => void): Promise<BackfillCount[]>;
}
