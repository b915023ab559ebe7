/** Ids must sort in creation order (UUIDv7 or ULID): pagination and event order rely on it. */
export interface IdGenerator {
  next(): string;
}
