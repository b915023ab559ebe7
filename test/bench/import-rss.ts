/**
 * One import in a fresh process, for `npm run bench:import`'s memory figure: imports the CSV
 * the parent stored under `<dir>/objects` as inventory/stock.csv into a fresh SQLite file in
 * `<dir>` (one per process), through the domain service, and prints the process's peak RSS as JSON. The file is
 * made and stored by the parent, so the figure is the import's alone.
 * Run as `tsx test/bench/import-rss.ts <dir> <rows>`.
 */
import { join } from 'node:path';
import { CsvParseReader } from '../../adapters/csv/csv-reader.csv-parse';
import { SystemClock } from '../../adapters/local/clock.system';
import { UuidV7IdGenerator } from '../../adapters/local/id-generator.uuidv7';
import { FsObjectStore } from '../../adapters/local/object-store.fs';
import { SqliteImportStore } from '../../adapters/sqlite/import-store.sqlite';
import { SqliteInventoryRepository } from '../../adapters/sqlite/inventory-repository.sqlite';
import { inventorySchema } from '../../adapters/sqlite/inventory-schema.sqlite';
import { SqliteDatabase } from '../../adapters/sqlite/sqlite-database';
import { InventoryService } from '../../domain/inventory/inventory-service';

export const benchObjects = (dir: string) =>
  new FsObjectStore({
    root: join(dir, 'objects'),
    publicBaseUrl: 'http://localhost',
    signingSecret: 'bench',
  });

const [dir, rowsArg] = process.argv.slice(2);
if (dir && rowsArg) {
  const rows = Number(rowsArg);
  const before = process.resourceUsage().maxRSS / 1024;
  // A database of its own per run: a second run into the same one would find the rows there.
  const db = new SqliteDatabase(join(dir, `app-${process.pid}.db`), [inventorySchema]);
  const service = new InventoryService(
    new SqliteInventoryRepository(db),
    new SqliteImportStore(db),
    benchObjects(dir),
    new CsvParseReader(),
    new SystemClock(),
    new UuidV7IdGenerator(),
  );
  const started = performance.now();
  const record = await service.importObject('inventory/stock.csv');
  const seconds = (performance.now() - started) / 1000;
  db.close();
  if (record.rowsImported !== rows) throw new Error(`imported ${record.rowsImported} of ${rows}`);
  process.stdout.write(
    `${JSON.stringify({
      rows,
      seconds,
      // maxRSS is in KiB: the process's peak, and what it was before the import began.
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
      startRssMiB: before,
    })}\n`,
  );
}
