import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CsvError } from 'csv-parse';
import type { CsvReader, CsvRecord } from '../../ports/csv-reader.port';
import { OVERSIZED, withoutOversizedRecords } from './oversized-records';

/**
 * No stock row comes near this; an unclosed quote stops growing a record here, not at OOM.
 * Longer records are cut out before the parser (withoutOversizedRecords) and reported on the
 * line they began; the parser's own limit, above it, is only a backstop.
 */
const MAX_RECORD_BYTES = 64 * 1024;
const OVERSIZED_REASON = `The row is longer than ${MAX_RECORD_BYTES / 1024} KiB`;

const newlinesIn = (fields: readonly string[]) => {
  let count = 0;
  for (const field of fields) for (const char of field) if (char === '\n') count += 1;
  return count;
};

/**
 * csv-parse's messages name its options ("trimable character (if activated)") and the line it
 * stopped on, not where the record began (the line the record is reported at): keep the fact.
 */
const reasonOf = (error: CsvError | undefined) =>
  (error?.message ?? 'unreadable record')
    .replace(/ instead of delimiter.*$/s, '')
    .replace(/ at line \d+$/, '');

/**
 * csv-parse, streaming: records come out as the bytes come in, through the stream's
 * backpressure, so a file of any size is read in bounded memory.
 *
 * Line numbers are counted here rather than taken from csv-parse's `info` or `on_record`
 * context: both allocate a record-sized context object per record, and with a chunk's worth of
 * records buffered at a time V8 starts promoting them to the old generation, which then grows
 * by megabytes between full collections (the peak RSS of a million-row import grew). So blank
 * lines are not skipped by the parser (each is a record [""] dropped here, its line counted),
 * every record advances the count by one plus the newlines inside its quoted fields, and a
 * record the parser skips for an error is placed among the others by how many records came
 * before it, and numbered by the line it began on.
 */
export class CsvParseReader implements CsvReader {
  async *records(body: AsyncIterable<Uint8Array>): AsyncIterable<CsvRecord> {
    // Loaded by the first file read, not by every app that composes an importer (an HTTP
    // function only stores uploads): a bundler puts it in a chunk of its own.
    const { parse } = await import('csv-parse');
    const skipped: { line: number; after: number; error: string }[] = [];
    const parser = parse({
      bom: true,
      relax_column_count: true,
      skip_records_with_error: true,
      // A stray quote inside a field is kept as text instead of swallowing the rows after it.
      relax_quotes: true,
      max_record_size: MAX_RECORD_BYTES * 2,
      on_skip: (error) => {
        skipped.push({
          line: Number(error?.lines ?? 0),
          after: parser.info.records,
          error: reasonOf(error),
        });
        return undefined;
      },
    });
    // Errors of either side end the iteration below with that error; the body is released.
    const piping = pipeline(
      Readable.from(withoutOversizedRecords(body, MAX_RECORD_BYTES), { objectMode: false }),
      parser,
    );
    piping.catch(() => undefined);
    let next = 1; // the line the next record starts on
    let index = 0; // records read so far
    try {
      for await (const fields of parser as AsyncIterable<string[]>) {
        while (skipped.length > 0 && (skipped[0]?.after ?? 0) <= index) {
          // The refused record began where the next one would have; reading resumes after the
          // line csv-parse stopped on.
          const { line, error } = skipped.shift()!;
          yield { line: next, error };
          next = Math.max(next + 1, line + 1);
        }
        index += 1;
        const line = next;
        next = line + 1 + newlinesIn(fields);
        if (fields.length === 1) {
          if (fields[0] === '') continue; // a blank line
          if (fields[0]!.startsWith(OVERSIZED)) {
            next += Number(fields[0]!.slice(OVERSIZED.length)); // the newlines it held
            yield { line, error: OVERSIZED_REASON };
            continue;
          }
        }
        yield { line, fields };
      }
      await piping;
      for (const { line, error } of skipped) {
        yield { line: next, error };
        next = Math.max(next + 1, line + 1);
      }
    } finally {
      parser.destroy();
    }
  }
}
