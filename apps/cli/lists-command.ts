import { parseArgs } from 'node:util';
import type { BackfillCount, ListBackfill } from '../../ports/list-backfill.port';
import { fail, openApp } from './open-app';
import { formatCount } from './progress';

const USAGE = `Usage: npm run cli -- lists backfill [--store-url <url>]

Gives the records stored before GET /inventory/imports and GET /lottery/draws existed their
place in those lists, on DynamoDB and Table Storage (SQLite and memory need nothing). Run it
once after upgrading; running it again changes nothing, and a run that stopped part way is
completed by the next. Safe while servers run: it writes only missing list entries.
Progress goes to stderr a line per page; the counts per kind to stdout. Exit code 0 when done,
1 when the store cannot be opened, the run stopped or records could not be read (named on
stderr, left as they are), 2 for bad arguments.`;

const line = ({ kind, records, added, unreadable }: BackfillCount) =>
  `${kind}: ${formatCount(records)} read, ${formatCount(added)} added, ` +
  `${formatCount(records - added - unreadable.length)} already listed` +
  (unreadable.length > 0 ? `, ${formatCount(unreadable.length)} unreadable` : '');

/** Runs it with a line per page on stderr; 1 when records could not be read (named there). */
const backfill = async (listBackfill: ListBackfill, kind: string): Promise<number> => {
  const counts = await listBackfill.run(({ page, counts }) =>
    process.stderr.write(`page ${page}: ${counts.map(line).join('; ')}\n`),
  );
  process.stdout.write(`Lists backfilled on ${kind}:\n`);
  for (const count of counts) process.stdout.write(`  ${line(count)}\n`);
  const unreadable = counts.flatMap((count) => count.unreadable);
  if (unreadable.length === 0) return 0;
  process.stderr.write(
    'Not listed, as they could not be read (repair or delete them, then run again):\n' +
      unreadable.map((key) => `  ${key}\n`).join(''),
  );
  return 1;
};

/** `lists backfill`: exits 0 when every record of a listed kind has its list entry. */
export const runListsCommand = async (args: string[]): Promise<void> => {
  const { values, positionals } = (() => {
    try {
      return parseArgs({
        args,
        allowPositionals: true,
        options: { 'store-url': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      });
    } catch (error) {
      return fail(`${(error as Error).message}\n\n${USAGE}`);
    }
  })();
  if (values.help) fail(USAGE, 0);
  if (positionals.length !== 1 || positionals[0] !== 'backfill') fail(USAGE);

  const server = await openApp(values['store-url'], 'stop it first (SQLite needs no backfill)');
  const { kind, listBackfill } = server.store;
  let code = 0;
  try {
    if (listBackfill) {
      code = await backfill(listBackfill, kind);
    } else {
      process.stdout.write(
        `Nothing to backfill on ${kind}: its lists are read from the records themselves.\n`,
      );
    }
  } catch (error) {
    process.stderr.write(
      `The backfill stopped: ${(error as Error).message}\nRun it again to complete it.\n`,
    );
    code = 1;
  } finally {
    await server.close();
  }
  process.exit(code);
};
