import { parseArgs } from 'node:util';
import type { BackfillCount } from '../../ports/list-backfill.port';
import { fail, openApp } from './open-app';
import { formatCount } from './progress';

const USAGE = `Usage: npm run cli -- lists backfill [--store-url <url>]

Gives the records stored before GET /inventory/imports and GET /lottery/draws existed their
place in those lists, on DynamoDB and Table Storage (SQLite and memory need nothing). Run it
once after upgrading; running it again changes nothing, and a run that stopped part way is
completed by the next. Safe while servers run: it writes only missing list entries.
Progress goes to stderr a line per page; the counts per kind to stdout. Exit code 0 when done,
1 when the store cannot be opened or the run failed, 2 for bad arguments.`;

const line = ({ kind, records, added }: BackfillCount) =>
  `${kind}: ${formatCount(records)} read, ${formatCount(added)} added, ` +
  `${formatCount(records - added)} already listed`;

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
    if (!listBackfill) {
      process.stdout.write(
        `Nothing to backfill on ${kind}: its lists are read from the records themselves.\n`,
      );
    } else {
      const counts = await listBackfill.run(({ page, counts }) =>
        process.stderr.write(`page ${page}: ${counts.map(line).join('; ')}\n`),
      );
      process.stdout.write(`Lists backfilled on ${kind}:\n`);
      for (const count of counts) process.stdout.write(`  ${line(count)}\n`);
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
