/**
 * Import benchmark, in one run (`npm run bench:import`):
 *
 * 1. A generated ROWS-row CSV (100,000 by default; 2,000 items in each of 50 stores, every row a
 *    new stock level) is imported into SQLite and into DynamoDB (dynalite, in a process of its
 *    own) twice per store, each time into a fresh database or table: by our importer (the domain's
 *    importObject: streaming parse, batches of 500 rows, one SQLite transaction per batch /
 *    BatchWriteItem of 25 on DynamoDB) and by a per-row loop like the reference (the same
 *    streaming parser, one put per row: the repository's `set` on SQLite, one PutItem on
 *    DynamoDB). Both read the CSV from the same object store. Prints rows/s and the ratio.
 * 2. Peak RSS of a fresh process importing 100,000 and 1,000,000 rows into SQLite (median of 3
 *    runs each, alternated), and the ratio.
 *
 * Prints the tables, then the same as Markdown for the README.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import { promisify } from 'node:util';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { createDynamoDbClients } from '../../adapters/aws/dynamodb/clients';
import { DynamoDbImportStore } from '../../adapters/aws/dynamodb/import-store.dynamodb';
import { stockLevelToItem } from '../../adapters/aws/dynamodb/inventory-items';
import { DynamoDbInventoryRepository } from '../../adapters/aws/dynamodb/inventory-repository.dynamodb';
import { createTableInput } from '../../adapters/aws/dynamodb/table-design';
import { CsvParseReader } from '../../adapters/csv/csv-reader.csv-parse';
import { SystemClock } from '../../adapters/local/clock.system';
import { UuidV7IdGenerator } from '../../adapters/local/id-generator.uuidv7';
import { SqliteImportStore } from '../../adapters/sqlite/import-store.sqlite';
import { SqliteInventoryRepository } from '../../adapters/sqlite/inventory-repository.sqlite';
import { inventorySchema } from '../../adapters/sqlite/inventory-schema.sqlite';
import { SqliteDatabase } from '../../adapters/sqlite/sqlite-database';
import { parseStockRow } from '../../domain/inventory/csv-import';
import { InventoryService } from '../../domain/inventory/inventory-service';
import type { StockRow } from '../../domain/inventory/stock-level';
import type { ImportStore } from '../../ports/import-store.port';
import type { InventoryRepository } from '../../ports/inventory-repository.port';
import type { ObjectStore } from '../../ports/object-store.port';
import { tempDir } from '../support/temp-dir';
import { benchObjects } from './import-rss';

const run = promisify(execFile);
const ROWS = Number(process.env.ROWS ?? 100_000);
const KEY = 'inventory/stock.csv';

const csvLine = (i: number) =>
  `store-${String(i % 50).padStart(2, '0')},item-${String(Math.floor(i / 50)).padStart(7, '0')},${i % 101}\n`;

/** Writes the file chunk by chunk, never holding it. */
const writeCsv = async (path: string, rows: number) => {
  const out = createWriteStream(path);
  out.write('store,item,count\n');
  for (let start = 0; start < rows; start += 10_000) {
    let chunk = '';
    for (let i = start; i < Math.min(rows, start + 10_000); i += 1) chunk += csvLine(i);
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  out.end();
  await finished(out);
};

/** A directory holding the CSV in an object store, as an upload or a CLI run leaves it. */
const stagedCsv = async (rows: number) => {
  const dir = tempDir('import-bench-');
  const file = join(dir.path, 'stock.csv');
  await writeCsv(file, rows);
  const objects = benchObjects(dir.path);
  await objects.put(KEY, createReadStream(file), { contentType: 'text/csv' });
  return { dir, objects };
};

const ours = async (
  stock: InventoryRepository,
  imports: ImportStore,
  objects: ObjectStore,
): Promise<number> => {
  const service = new InventoryService(
    stock,
    imports,
    objects,
    new CsvParseReader(),
    new SystemClock(),
    new UuidV7IdGenerator(),
  );
  const started = performance.now();
  const record = await service.importObject(KEY);
  const seconds = (performance.now() - started) / 1000;
  if (record.rowsImported !== ROWS) throw new Error(`ours imported ${record.rowsImported}`);
  return seconds;
};

/** The reference's shape: read a row, write a row, wait, next. */
const perRow = async (
  objects: ObjectStore,
  put: (row: StockRow) => Promise<unknown>,
): Promise<number> => {
  const started = performance.now();
  const object = await objects.get(KEY);
  let written = 0;
  let header = true;
  for await (const record of new CsvParseReader().records(object!.body)) {
    if (header || 'error' in record) {
      header = false;
      continue;
    }
    const row = parseStockRow(record.fields);
    if (typeof row === 'string') continue;
    await put(row);
    written += 1;
  }
  const seconds = (performance.now() - started) / 1000;
  if (written !== ROWS) throw new Error(`per-row wrote ${written}`);
  return seconds;
};

interface Result {
  store: string;
  oursSeconds: number;
  perRowSeconds: number;
}

const sqlite = async (objects: ObjectStore, dir: string): Promise<Result> => {
  const open = (name: string) => new SqliteDatabase(join(dir, `${name}.db`), [inventorySchema]);
  const a = open('ours');
  const oursSeconds = await ours(
    new SqliteInventoryRepository(a),
    new SqliteImportStore(a),
    objects,
  );
  a.close();
  const b = open('per-row');
  const repo = new SqliteInventoryRepository(b);
  const at = new Date().toISOString();
  const perRowSeconds = await perRow(objects, (row) => repo.set(row, at, () => []));
  b.close();
  return { store: 'SQLite', oursSeconds, perRowSeconds };
};

const startDynalite = async (): Promise<{ child: ChildProcess; port: number }> => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/bench/dynalite-server.ts'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve) =>
    createInterface({ input: child.stdout! }).once('line', resolve),
  );
  return { child, port: (JSON.parse(line) as { port: number }).port };
};

const dynamodb = async (objects: ObjectStore): Promise<Result> => {
  const { child, port } = await startDynalite();
  const clients = createDynamoDbClients({
    AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
  });
  try {
    const table = async (name: string) => {
      await clients.client.send(new CreateTableCommand(createTableInput(name)));
      return name;
    };
    const ourTable = { doc: clients.doc, tableName: await table('ours') };
    const oursSeconds = await ours(
      new DynamoDbInventoryRepository(ourTable),
      new DynamoDbImportStore(ourTable),
      objects,
    );
    const perRowTable = await table('per-row');
    const at = new Date().toISOString();
    const perRowSeconds = await perRow(objects, (row) =>
      clients.doc.send(
        new PutCommand({
          TableName: perRowTable,
          Item: stockLevelToItem({ ...row, updatedAt: at, version: 1 }),
        }),
      ),
    );
    return { store: 'DynamoDB (dynalite)', oursSeconds, perRowSeconds };
  } finally {
    clients.destroy();
    child.stdin?.end();
  }
};

interface RssRun {
  rows: number;
  seconds: number;
  peakRssMiB: number;
  startRssMiB: number;
}

const RSS_RUNS = 3;

/**
 * Peak RSS of fresh processes importing 100k and 1M rows, RSS_RUNS of each in alternation; the
 * median of each. One run's peak moves with when V8 last grew its heap (about ±10% here).
 */
const peakRss = async (): Promise<{ small: RssRun; large: RssRun }> => {
  const staged = { small: await stagedCsv(100_000), large: await stagedCsv(1_000_000) };
  const runs: { small: RssRun[]; large: RssRun[] } = { small: [], large: [] };
  try {
    for (let round = 0; round < RSS_RUNS; round += 1) {
      for (const [size, rows] of [
        ['small', 100_000],
        ['large', 1_000_000],
      ] as const) {
        const { stdout } = await run(process.execPath, [
          '--import',
          'tsx',
          'test/bench/import-rss.ts',
          staged[size].dir.path,
          String(rows),
        ]);
        runs[size].push(JSON.parse(stdout) as RssRun);
      }
    }
  } finally {
    staged.small.dir.remove();
    staged.large.dir.remove();
  }
  const median = (list: RssRun[]) =>
    [...list].sort((a, b) => a.peakRssMiB - b.peakRssMiB)[list.length >> 1] as RssRun;
  return { small: median(runs.small), large: median(runs.large) };
};

const rate = (seconds: number) => Math.round(ROWS / seconds).toLocaleString('en');
const machine = `${cpus().length} x ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;

const main = async () => {
  console.log(`Import benchmark: ${ROWS.toLocaleString('en')} rows; ${machine}\n`);
  const { dir, objects } = await stagedCsv(ROWS);
  const results: Result[] = [];
  try {
    results.push(await sqlite(objects, dir.path));
    results.push(await dynamodb(objects));
  } finally {
    dir.remove();
  }
  const { small, large } = await peakRss();

  const rows = results.map((r) => [
    r.store,
    `${rate(r.oursSeconds)} rows/s (${r.oursSeconds.toFixed(2)} s)`,
    `${rate(r.perRowSeconds)} rows/s (${r.perRowSeconds.toFixed(2)} s)`,
    `${(r.perRowSeconds / r.oursSeconds).toFixed(1)}x`,
  ]);
  console.table(rows.map(([store, o, p, x]) => ({ store, ours: o, 'per-row loop': p, ratio: x })));
  const ratio = large.peakRssMiB / small.peakRssMiB;
  console.log(
    `Peak RSS importing into SQLite: 100k rows ${small.peakRssMiB.toFixed(0)} MiB, 1M rows ${large.peakRssMiB.toFixed(0)} MiB (${ratio.toFixed(2)}x; ${small.seconds.toFixed(2)} s / ${large.seconds.toFixed(2)} s)\n`,
  );
  console.log('Markdown:\n');
  console.log('| store | our importer | per-row loop (reference) | ratio |');
  console.log('| --- | --- | --- | --- |');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  console.log(
    `\n| rows imported into SQLite | peak RSS |\n| --- | --- |\n| 100,000 | ${small.peakRssMiB.toFixed(0)} MiB |\n| 1,000,000 | ${large.peakRssMiB.toFixed(0)} MiB (${ratio.toFixed(2)}x) |`,
  );
  console.log(`\nMachine: ${machine}`);
};

await main();
