import type { CsvRecord } from '../../ports/csv-reader.port';
import { issuesFromZod } from '../shared/validation';
import { MAX_LISTED_REJECTIONS, type RejectedRow } from './import-record';
import { itemNameSchema, type StockRow, stockKeyOf, storeNameSchema } from './stock-level';

export const CSV_HEADER = ['store', 'item', 'count'] as const;

export interface ImportTally {
  rowsRead: number;
  rowsImported: number;
  rowsRejected: number;
  rejected: RejectedRow[];
}

/** The whole file cannot be imported (no header, a wrong one): nothing was written. */
export class ImportFormatError extends Error {
  override readonly name = 'ImportFormatError';
}

const WHOLE_NUMBER = /^\d+$/;

const describe = (fields: readonly string[]) =>
  fields.map((field) => (field.length > 40 ? `${field.slice(0, 40)}...` : field)).join(',');

/** A data row to a stock row, or the reason it is refused (every bad field, in column order). */
export const parseStockRow = (fields: readonly string[]): StockRow | string => {
  if (fields.length !== CSV_HEADER.length) {
    return `expected 3 columns (store,item,count), found ${fields.length}: ${describe(fields)}`;
  }
  const [rawStore = '', rawItem = '', rawCount = ''] = fields;
  const problems: string[] = [];
  const store = storeNameSchema.safeParse(rawStore);
  if (!store.success) problems.push(`store: ${issuesFromZod(store.error)[0]?.message}`);
  const item = itemNameSchema.safeParse(rawItem);
  if (!item.success) problems.push(`item: ${issuesFromZod(item.error)[0]?.message}`);
  const countText = rawCount.trim();
  const count = Number(countText);
  if (!WHOLE_NUMBER.test(countText) || !Number.isSafeInteger(count)) {
    problems.push(`count: expected a whole number >= 0, found "${describe([rawCount])}"`);
  }
  if (problems.length > 0 || !store.success || !item.success) return problems.join('; ');
  return { store: store.data, item: item.data, count };
};

const isHeader = (fields: readonly string[]) =>
  fields.length === CSV_HEADER.length &&
  fields.every((field, index) => field.trim().toLowerCase() === CSV_HEADER[index]);

export interface CsvImportOptions {
  batchSize: number;
  /** Writes one batch: distinct keys, last row of the file wins. */
  write(rows: StockRow[]): Promise<void>;
  /** Called after each batch is written, with the running tally. */
  progress?(tally: ImportTally): Promise<void> | void;
}

/**
 * Streams a `store,item,count` CSV into batched writes. Good rows are written in batches of
 * `batchSize`; while one batch is written the next is parsed (one write in flight, so memory
 * stays bounded by two batches). Bad rows are tallied with their line and reason and do not
 * stop the import. Within a batch a later row for the same item replaces an earlier one, and
 * batches are written in file order, so the file's last row for an item wins, as if applied one
 * by one.
 */
export const importCsvRecords = async (
  records: AsyncIterable<CsvRecord>,
  options: CsvImportOptions,
): Promise<ImportTally> => {
  const tally: ImportTally = { rowsRead: 0, rowsImported: 0, rowsRejected: 0, rejected: [] };
  const reject = (line: number, reason: string) => {
    tally.rowsRejected += 1;
    if (tally.rejected.length < MAX_LISTED_REJECTIONS) tally.rejected.push({ line, reason });
  };
  let batch = new Map<string, StockRow>();
  let batchRows = 0;
  let inFlight: Promise<void> | undefined;
  const flush = async () => {
    await inFlight;
    inFlight = undefined;
    if (batchRows === 0) return;
    const rows = [...batch.values()];
    const written = batchRows;
    batch = new Map();
    batchRows = 0;
    inFlight = options.write(rows).then(async () => {
      tally.rowsImported += written;
      await options.progress?.(tally);
    });
    // Awaited at the next flush; until then a failure must not count as unhandled.
    inFlight.catch(() => undefined);
  };

  let sawHeader = false;
  for await (const record of records) {
    if (!sawHeader) {
      if ('error' in record)
        throw new ImportFormatError(`The header cannot be read: ${record.error}`);
      if (!isHeader(record.fields)) {
        throw new ImportFormatError(
          `The first line must be the header store,item,count; found: ${describe(record.fields)}`,
        );
      }
      sawHeader = true;
      continue;
    }
    tally.rowsRead += 1;
    if ('error' in record) {
      reject(record.line, record.error);
      continue;
    }
    const row = parseStockRow(record.fields);
    if (typeof row === 'string') {
      reject(record.line, row);
      continue;
    }
    const key = stockKeyOf(row);
    batch.delete(key); // re-inserted last: the map keeps file order of each key's last row
    batch.set(key, row);
    batchRows += 1;
    if (batchRows >= options.batchSize) await flush();
  }
  if (!sawHeader)
    throw new ImportFormatError('The file is empty; expected the header store,item,count.');
  await flush();
  await inFlight;
  return tally;
};
