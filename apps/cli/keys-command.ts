import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../../domain/access/api-key';
import { accessModule } from '../modules/access/access.module';
import { fail, openApp } from './open-app';

const USAGE = `Usage: npm run cli -- keys create --name <name> --role <${ROLES.join('|')}> [--store-url <url>]
       npm run cli -- keys list [--store-url <url>]
       npm run cli -- keys revoke <id> [--store-url <url>]

API keys live in the record store, so a key made here works on every server and function
using that store. The key is printed once, by create: only its hash is kept.`;

/** `keys create | list | revoke`: exit 0 when done, 1 when the store or key is not found, 2 for bad arguments. */
export const runKeysCommand = async (args: string[]): Promise<void> => {
  const { values, positionals } = (() => {
    try {
      return parseArgs({
        args,
        allowPositionals: true,
        options: {
          name: { type: 'string' },
          role: { type: 'string' },
          'store-url': { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
      });
    } catch (error) {
      return fail(`${(error as Error).message}\n\n${USAGE}`);
    }
  })();
  if (values.help) fail(USAGE, 0);
  const [command, id, ...extra] = positionals;
  if (extra.length > 0) fail(USAGE);
  if (command === 'create' && (!values.name || !ROLES.includes(values.role as Role) || id)) {
    fail(`keys create needs --name and --role (${ROLES.join(', ')})\n\n${USAGE}`);
  }
  if (command === 'revoke' && !id) fail(USAGE);
  if (command !== 'create' && command !== 'list' && command !== 'revoke') fail(USAGE);

  // Keys are made where the server cannot serve them (a running server holds SQLite).
  const server = await openApp(values['store-url'], 'make the key before starting it');
  const { apiKeys } = server.composed.services(accessModule);
  let code = 0;
  try {
    if (command === 'create') {
      const { record, key } = await apiKeys.create(values.name!, values.role as Role);
      process.stdout.write(
        `Created key ${record.id} "${record.name}" (${record.role}). Store it now: it is not shown again.\n${key}\n`,
      );
    } else if (command === 'list') {
      const keys = await apiKeys.list();
      if (keys.length === 0) process.stdout.write('No API keys.\n');
      for (const key of keys) {
        const state = key.revokedAt ? `revoked ${key.revokedAt}` : 'active';
        process.stdout.write(
          `${key.id}  ${key.role.padEnd(6)}  ${state.padEnd(32)}  created ${key.createdAt}  ${key.name}\n`,
        );
      }
    } else if (await apiKeys.revoke(id!)) {
      process.stdout.write(`Revoked key ${id}: it is refused from now on.\n`);
    } else {
      process.stderr.write(`No key ${id}.\n`);
      code = 1;
    }
  } finally {
    await server.close();
  }
  process.exit(code);
};
