import * as z from 'zod/mini';
import { errorTable } from '../../adapters/http/error-table';
import { defineRoute } from '../../adapters/http/route';
import type { SqliteDatabase } from '../../adapters/sqlite/sqlite-database';
import { defineModule } from '../../apps/modules/domain-module';
import { DomainError } from '../../domain/shared/domain-error';
import type { UserCreated } from '../../domain/users/user-events';

/*
 * A domain added the way the README says one is: its own files and one line in a module list.
 * Notes greet every new user (a reaction to user.created) and are read at GET /notes/{id}. It
 * proves the folds pick up a module's routes, error codes, reactions and store slices on every
 * door without any edit elsewhere. Its store is a small key-value port on each technology.
 */
interface NoteStore {
  put(id: string, text: string): Promise<void>;
  get(id: string): Promise<string | null>;
}

const inMemory = (): NoteStore => {
  const notes = new Map<string, string>();
  return {
    put: async (id, text) => void notes.set(id, text),
    get: async (id) => notes.get(id) ?? null,
  };
};

const onSqlite = (db: SqliteDatabase): NoteStore => {
  const put = db.db.prepare('INSERT OR REPLACE INTO notes (id, text) VALUES (?, ?)');
  const get = db.db.prepare<[string], { text: string }>('SELECT text FROM notes WHERE id = ?');
  return {
    put: async (id, text) => void put.run(id, text),
    get: async (id) => get.get(id)?.text ?? null,
  };
};

export class NoteNotFoundError extends DomainError<'NOTE.NOT_FOUND'> {
  constructor(id: string) {
    super('NOTE.NOT_FOUND', `No note ${id}.`, { id });
  }
}

export const notesModule = defineModule<{ notes: NoteStore }, { notes: NoteStore }>({
  name: 'notes',
  errors: errorTable({ 'NOTE.NOT_FOUND': 'No note has this id.' }, { 'NOTE.NOT_FOUND': 404 }),
  stores: {
    memory: async () => ({ create: () => ({ notes: inMemory() }) }),
    sqlite: async () => ({
      schema: {
        name: 'notes',
        migrations: ['CREATE TABLE notes (id TEXT PRIMARY KEY, text TEXT NOT NULL) WITHOUT ROWID;'],
      },
      create: (db) => ({ notes: onSqlite(db) }),
    }),
    dynamodb: async () => ({
      itemKinds: [{ name: 'note', key: { pk: 'NOTE#', sk: 'NOTE' } }],
      create: () => ({ notes: inMemory() }),
    }),
    'azure-tables': async () => ({
      partitions: [{ name: 'note', prefix: 'note|', rows: ['note: the text'] }],
      create: () => ({ notes: inMemory() }),
    }),
  },
  services: ({ stores }) => stores,
  routes: ({ notes }) => [
    defineRoute({
      method: 'GET',
      path: '/notes/:id',
      operationId: 'getNote',
      summary: 'Read a note',
      tags: ['notes'],
      params: z.object({ id: z.string() }),
      responses: { 200: { description: 'The note' } },
      errors: ['NOTE.NOT_FOUND'],
      handler: async ({ params }) => {
        const text = await notes.get(params.id);
        if (text === null) throw new NoteNotFoundError(params.id);
        return { status: 200, body: { id: params.id, text } };
      },
    }),
  ],
  reactions: [
    {
      name: 'welcome-note',
      on: ['user.created'],
      run: async (event, { services }) => {
        const { user } = (event as UserCreated).payload;
        await services.notes.put(user.id, `Welcome, ${user.name}`);
      },
    },
  ],
});
