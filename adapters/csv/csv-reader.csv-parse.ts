import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type CsvError, parse } from 'csv-parse';
import type { CsvReader, CsvRecord } from '../../ports/csv-reader.port';

/** No stock row comes near this; an unclosed quote stops growing a record here, not at OOM. */
const MAX_RECORD_CHARS = 64 * 1024;

const newlinesIn = (fields: readonly string[]) => {
  let count = 0;
  for (const field of fields) for (const char of field) if (char === '\n') count += 1;
  return count;
};

/** csv-parse's messages name its options ("trimable character (if activated)"): keep the fact. */
const reasonOf = (error: CsvError | undefined) =>
  (error?.message ?? 'unreadable record').replace(/ instead of delimiter.*$/s, '');

/**
 * csv-parse, streaming: records come out as the bytes come in, through the stream's
 * backpressure, so a file of any size is read in bounded memory.
 */
export class CsvParseReader implements CsvReader {
  async *records(body: AsyncIterable<Uint8Array>): AsyncIterable<CsvRecord> {
    const skipped: CsvRecord[] = [];
    const parser = parse({
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      // A stray quote inside a field is kept as text instead of swallowing the rows after it.
      relax_quotes: true,
      max_record_size: MAX_RECORD_CHARS,
      info: true,
      on_skip: (error) => {
        skipped.push({ line: Number(error?.lines ?? 0), error: reasonOf(error) });
        return undefined;
      },
    });
    // Errors of either side end the iteration below with that error; the body is released.
    const piping = pipeline(Readable.from(body, { objectMode: false }), parser);
    piping.catch(() => undefined);
    try {
      for await (const { record, info } of parser as AsyncIterable<{
        record: string[];
        info: { lines: number };
      }>) {
        // info.lines is where the record ends; one spanning lines (quoted newlines) began earlier.
        const line = info.lines - newlinesIn(record);
        // on_skip runs as a chunk is parsed, ahead of the records buffered before the bad one:
        // a skipped record is handed out in line order, just before the first record after it.
        while (skipped.length > 0 && (skipped[0]?.line ?? 0) < line) {
          yield skipped.shift() as CsvRecord;
        }
        yield { line, fields: record };
      }
      await piping;
      yield* skipped;
    } finally {
      parser.destroy();
    }
  }
}
