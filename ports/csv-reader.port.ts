/** A CSV record as read: its fields, or why it could not be read. */
export type CsvRecord =
  | { /** 1-based line the record starts on. */ line: number; fields: string[] }
  | { line: number; error: string };

/**
 * Streams the records of a CSV body: a UTF-8 byte order mark is dropped, LF and CRLF both end
 * lines, quoted fields may hold commas, quotes and newlines, blank lines are skipped. A malformed
 * record is yielded as an error and reading goes on. Never holds the whole body in memory.
 */
export interface CsvReader {
  records(body: AsyncIterable<Uint8Array>): AsyncIterable<CsvRecord>;
}
