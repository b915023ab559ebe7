import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import type { ImportRecord } from '../../domain/inventory/import-record';
import { INVENTORY_PREFIX } from '../../domain/inventory/inventory-service';
import type { NotificationLog } from '../../ports/notification-log.port';
import type { ObjectStore } from '../../ports/object-store.port';
import { TOKENS } from '../../ports/tokens';
import { inventoryModule } from '../modules/inventory/inventory.module';
import { eventsCommand } from './events-command';
import { runKeysCommand } from './keys-command';
import { runListsCommand } from './lists-command';
import { fail, openApp } from './open-app';
import { formatCount, type ImportPace, ProgressLine } from './progress';

const USAGE = `Usage: npm run cli -- inventory import <file.csv> [--store-url <url>]
       npm run cli -- events test-pattern --pattern <pattern.json> --event <event.json>
       npm run cli -- lists backfill [--store-url <url>]

Imports a store,item,count CSV into the configured store (STORE, DATA_DIR...), or the one
--store-url names: sqlite:./data, memory:, dynamodb://<table>?endpoint=<url>&region=<region>,
azure-tables://<prefix>. Out-of-stock alerts are sent before the command ends.`;

/** Lines in the file, streamed: the denominator of the progress bar (minus the header). */
const countRows = async (path: string): Promise<number> => {
  let lines = 0;
  let last = 10;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines += 1;
    if (chunk.length > 0) last = chunk[chunk.length - 1] ?? 10;
  }
  return Math.max(0, lines + (last === 10 ? 0 : 1) - 1);
};

/**
 * `pace` is the progress line's (the import alone), so both print one rate; `totalSeconds` is
 * the whole command's wall time, labelled apart.
 */
const summary = (record: ImportRecord, pace: ImportPace, totalSeconds: number): string => {
  const lines = [
    `Import ${record.id}: ${record.status}`,
    `  rows read ${record.rowsRead}, imported ${record.rowsImported} (valid rows; a later row for an item wins), rejected ${record.rowsRejected}`,
    `  import ${pace.seconds.toFixed(1)} s, ${formatCount(pace.rowsPerSecond)} rows/s; ` +
      `total ${totalSeconds.toFixed(1)} s (with counting lines, storing the file, sending alerts)`,
  ];
  if (record.failure) lines.push(`  ${record.failure}`);
  for (const row of record.rejected.slice(0, 10)) lines.push(`  line ${row.line}: ${row.reason}`);
  if (record.rowsRejected > 10) {
    lines.push(`  ... ${record.rowsRejected - 10} more (GET /inventory/imports/${record.id})`);
  }
  return `${lines.join('\n')}\n`;
};

/** `images process` and `documents read`: the pipeline on one file, no server, no store. */
const mediaCommand = async (
  domain: 'images' | 'documents',
  command: string | undefined,
  file: string | undefined,
  extra: string[],
  outDir: string | undefined,
): Promise<number> => {
  const media = await import('./media');
  const expected = domain === 'images' ? 'process' : 'read';
  if (command !== expected || !file || extra.length > 0) return fail(media.MEDIA_USAGE);
  const info = await stat(file).catch(() => fail(`No such file: ${file}`, 1));
  if (!info.isFile()) fail(`Not a file: ${file}`, 1);
  if (domain === 'documents') return media.readDocument(file);
  return media.processImage(file, outDir ?? 'processed');
};
const main = async () => {
  // `events` has options of its own, so it is dispatched before the inventory command's parse.
  if (process.argv[2] === 'events') process.exit(await eventsCommand(process.argv.slice(3)));
  const { values, positionals } = (() => {
    try {
      return parseArgs({
        allowPositionals: true,
        options: {
          'store-url': { type: 'string' },
          out: { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
      });
    } catch (error) {
      return fail(`${(error as Error).message}\n\n${USAGE}`);
    }
  })();
  if (values.help) fail(`${USAGE}\n\n${(await import('./media')).MEDIA_USAGE}`, 0);
  const [domain, command, file, ...extra] = positionals;
  if (domain === 'images' || domain === 'documents') {
    process.exit(await mediaCommand(domain, command, file, extra, values.out));
  }
  if (domain !== 'inventory' || command !== 'import' || !file || extra.length > 0) fail(USAGE);
  const path = file as string;
  const info = await stat(path).catch(() => fail(`No such file: ${path}`, 1));
  if (!info.isFile()) fail(`Not a file: ${path}`, 1);

  const server = await openApp(values['store-url'], 'upload with POST /inventory/imports');
  server.relay?.start(); // relays the import's out-of-stock events as they commit (no resume of uploads here)
  const { inventory } = server.composed.services(inventoryModule);
  // The store itself: putting the file does not start the server's background import of it.
  const objects = server.container.get<ObjectStore>(TOKENS.ObjectStore);
  const notifications = server.container.get<NotificationLog>(TOKENS.NotificationLog);

  const startedAt = new Date().toISOString();
  const started = performance.now();
  let record: ImportRecord;
  let pace: ImportPace;
  let alerts: Awaited<ReturnType<NotificationLog['recent']>> = [];
  try {
    const total = await countRows(path);
    const key = `${INVENTORY_PREFIX}cli/${randomUUID()}-${basename(path)}`;
    await objects.put(key, createReadStream(path), { contentType: 'text/csv' });
    const progress = new ProgressLine(process.stderr, total);
    record = await inventory.importObject(key, (p) => progress.update(p));
    pace = progress.finish({ ...record });
    // Delivers what the import raised, so its alerts are sent before we report.
    await server.relay?.stop();
    alerts = (await notifications.recent(1000)).filter((n) => n.sentAt >= startedAt);
  } finally {
    await server.close();
  }
  process.stdout.write(summary(record, pace, (performance.now() - started) / 1000));
  if (alerts.length > 0) {
    process.stdout.write(`${alerts.length} notification(s) sent:\n`);
    for (const alert of alerts.reverse()) {
      process.stdout.write(`  ${alert.subject} ${alert.message}\n`);
    }
  }
  process.exit(record.status === 'completed' ? 0 : 1);
};

// `keys ...` manages API keys, `lists ...` the lists' entries; everything else is the inventory import.
if (process.argv[2] === 'keys') await runKeysCommand(process.argv.slice(3));
else if (process.argv[2] === 'lists') await runListsCommand(process.argv.slice(3));
else await main();
