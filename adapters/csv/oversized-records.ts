const QUOTE = 0x22;
const NEWLINE = 0x0a;
const COMMA = 0x2c;
const CR = 0x0d;

/** What an oversized record becomes: one field the reader recognises, with the lines it spanned. */
export const OVERSIZED = '\u0000oversized-record ';

/**
 * Cuts records longer than `maxBytes` out of a CSV byte stream before the parser sees them,
 * each replaced by one line `OVERSIZED<newlines inside it>`: csv-parse's own record limit
 * drops only the first `max_record_size` bytes and parses the rest of the record as more
 * records, so the good rows after a long one were lost or misreported. Records are found by the
 * same quoting rule the parser follows (a field opening with a quote runs to the quote that
 * closes it; `""` inside is a quote; a quote elsewhere is text), and only the record being read
 * is held back, so memory stays within `maxBytes` plus a chunk.
 */
export async function* withoutOversizedRecords(
  body: AsyncIterable<Uint8Array>,
  maxBytes: number,
): AsyncIterable<Uint8Array> {
  let held: Uint8Array[] = []; // the current record's bytes so far (until it is too long)
  let heldBytes = 0;
  let dropping = false; // the current record is too long: its bytes are discarded
  let newlinesInRecord = 0;
  let inQuotes = false;
  let quotePending = false; // a quote inside quotes ended a chunk: closing, or the first of ""
  let previous = NEWLINE; // the byte before, to know a field's start

  for await (const chunk of body) {
    const out: Uint8Array[] = [];
    // chunk[segment, record) holds whole records not yet passed on; the current record starts
    // at `record` (or, when `held` has bytes, in an earlier chunk).
    let segment = 0;
    let record = 0;
    for (let i = 0; i < chunk.length; i += 1) {
      const byte = chunk[i]!;
      if (quotePending) {
        quotePending = false;
        if (byte === QUOTE) {
          previous = byte;
          continue; // "" : a quote inside the field
        }
        inQuotes = false;
      }
      if (inQuotes) {
        if (byte === QUOTE) quotePending = true;
        else if (byte === NEWLINE) newlinesInRecord += 1;
      } else if (byte === QUOTE) {
        if (previous === COMMA || previous === NEWLINE || previous === CR) inQuotes = true;
      } else if (byte === NEWLINE) {
        if (dropping) {
          out.push(Buffer.from(`${OVERSIZED}${newlinesInRecord}\n`));
          dropping = false;
          segment = i + 1;
        } else if (held.length > 0) {
          out.push(...held); // the start of this record, before this chunk's bytes
          held = [];
        }
        heldBytes = 0;
        newlinesInRecord = 0;
        record = i + 1;
      }
      previous = byte;
      if (!dropping && heldBytes + (i + 1 - record) > maxBytes) {
        dropping = true;
        out.push(chunk.subarray(segment, record));
        held = [];
        heldBytes = 0;
      }
    }
    if (!dropping) {
      if (record > segment) out.push(chunk.subarray(segment, record));
      if (record < chunk.length) {
        held.push(chunk.subarray(record));
        heldBytes += chunk.length - record;
      }
    }
    if (out.length > 0) yield out.length === 1 ? out[0]! : Buffer.concat(out);
  }
  if (dropping) yield Buffer.from(`${OVERSIZED}${newlinesInRecord}\n`);
  else if (heldBytes > 0) yield Buffer.concat(held);
}
