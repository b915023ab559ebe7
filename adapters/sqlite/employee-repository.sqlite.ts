import type Database from 'better-sqlite3';
import * as z from 'zod/mini';
import {
  type Candidate,
  type Employee,
  type EmployeeView,
  viewOf,
  type Winner,
} from '../../domain/lottery/employee';
import {
  decodeCursor,
  encodeCursor,
  type Page,
  type PageRequest,
} from '../../domain/shared/pagination';
import type {
  ClaimOutcome,
  EmployeeFilter,
  EmployeeRepository,
  RemoveOutcome,
} from '../../ports/employee-repository.port';
import { afterFromCursor, cursorAfter } from './key-cursor';
import type { SqliteDatabase } from './sqlite-database';

interface EmployeeRow {
  id: string;
  name: string;
  email: string | null;
  won_draw: string | null;
  won_at: string | null;
}

const toView = (row: EmployeeRow): EmployeeView =>
  viewOf(
    { id: row.id, name: row.name, ...(row.email === null ? {} : { email: row.email }) },
    row.won_draw === null ? undefined : { drawId: row.won_draw, wonAt: row.won_at ?? '' },
  );

const toWinner = (row: EmployeeRow): Winner => ({
  employeeId: row.id,
  employeeName: row.name,
  ...(row.email === null ? {} : { email: row.email }),
  drawId: row.won_draw ?? '',
  wonAt: row.won_at ?? '',
});

const winnerCursorSchema = z.strictObject({ draw: z.string(), id: z.string() });

const LIST_WHERE = {
  all: '',
  eligible: 'won_draw IS NULL AND',
  winners: 'won_draw IS NOT NULL AND',
} as const;

export class SqliteEmployeeRepository implements EmployeeRepository {
  private readonly upsert: Database.Statement<[string, string, string | null]>;
  private readonly byId: Database.Statement<[string], EmployeeRow>;
  private readonly lists: Record<
    keyof typeof LIST_WHERE,
    Database.Statement<[string, number], EmployeeRow>
  >;
  private readonly eligibleRows: Database.Statement<
    [],
    { id: string; name: string; email: string | null }
  >;
  private readonly deleteEligible: Database.Statement<[string]>;
  private readonly claimRow: Database.Statement<[string, string, string, string]>;
  private readonly releaseRows: Database.Statement<[string]>;
  private readonly winnersOfDraw: Database.Statement<[string], EmployeeRow>;
  private readonly winnersAfter: Database.Statement<[string, string, number], EmployeeRow>;

  constructor(private readonly store: SqliteDatabase) {
    const db = store.db;
    this.upsert = db.prepare(
      `INSERT INTO lottery_employees (id, name, email) VALUES (?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = excluded.email`,
    );
    this.byId = db.prepare('SELECT * FROM lottery_employees WHERE id = ?');
    const list = (where: string) =>
      db.prepare<[string, number], EmployeeRow>(
        `SELECT * FROM lottery_employees WHERE ${where} id > ? ORDER BY id LIMIT ?`,
      );
    this.lists = {
      all: list(LIST_WHERE.all),
      eligible: list(LIST_WHERE.eligible),
      winners: list(LIST_WHERE.winners),
    };
    this.eligibleRows = db.prepare(
      'SELECT id, name, email FROM lottery_employees INDEXED BY lottery_eligible WHERE won_draw IS NULL',
    );
    this.deleteEligible = db.prepare(
      'DELETE FROM lottery_employees WHERE id = ? AND won_draw IS NULL',
    );
    this.claimRow = db.prepare(
      `UPDATE lottery_employees SET won_draw = ?, won_at = COALESCE(won_at, ?)
       WHERE id = ? AND (won_draw IS NULL OR won_draw = ?) RETURNING id`,
    );
    this.releaseRows = db.prepare(
      'UPDATE lottery_employees SET won_draw = NULL, won_at = NULL WHERE won_draw = ?',
    );
    this.winnersOfDraw = db.prepare(
      'SELECT * FROM lottery_employees WHERE won_draw = ? ORDER BY id',
    );
    this.winnersAfter = db.prepare(
      `SELECT * FROM lottery_employees WHERE won_draw IS NOT NULL AND (won_draw, id) > (?, ?)
       ORDER BY won_draw, id LIMIT ?`,
    );
  }

  async upsertMany(employees: readonly Employee[]): Promise<void> {
    await this.store.transact([], () => {
      for (const { id, name, email } of employees) this.upsert.run(id, name, email ?? null);
    });
  }

  async find(id: string): Promise<EmployeeView | null> {
    const row = this.byId.get(id);
    return row ? toView(row) : null;
  }

  async list(filter: EmployeeFilter, page: PageRequest): Promise<Page<EmployeeView>> {
    const which = filter.eligible === undefined ? 'all' : filter.eligible ? 'eligible' : 'winners';
    const rows = this.lists[which].all(afterFromCursor(page.cursor), page.limit + 1);
    return {
      items: rows.slice(0, page.limit).map(toView),
      nextCursor: cursorAfter(rows, page.limit),
    };
  }

  async eligible(): Promise<Candidate[]> {
    return this.eligibleRows
      .all()
      .map(({ id, name, email }) => (email === null ? { id, name } : { id, name, email }));
  }

  async remove(id: string): Promise<RemoveOutcome> {
    return this.store.transact([], () => {
      if (this.deleteEligible.run(id).changes === 1) return { outcome: 'removed' } as const;
      const row = this.byId.get(id);
      return row?.won_draw
        ? ({ outcome: 'won', drawId: row.won_draw } as const)
        : ({ outcome: 'absent' } as const);
    });
  }

  async claim(
    drawId: string,
    candidates: readonly Candidate[],
    wonAt: string,
  ): Promise<ClaimOutcome> {
    return this.store.transact([], () => {
      const outcome: ClaimOutcome = { claimed: [], taken: [] };
      for (const { id } of candidates) {
        const claimed = this.claimRow.get(drawId, wonAt, id, drawId);
        const row = claimed ? this.byId.get(id) : undefined;
        if (row) outcome.claimed.push(toWinner(row));
        else outcome.taken.push(id);
      }
      return outcome;
    });
  }

  async release(drawId: string): Promise<void> {
    await this.store.transact([], () => this.releaseRows.run(drawId));
  }

  async winnersOf(drawId: string): Promise<Winner[]> {
    return this.winnersOfDraw.all(drawId).map(toWinner);
  }

  async listWinners(page: PageRequest): Promise<Page<Winner>> {
    const after = page.cursor
      ? decodeCursor(page.cursor, winnerCursorSchema)
      : { draw: '', id: '' };
    const rows = this.winnersAfter.all(after.draw, after.id, page.limit + 1);
    const last = rows[page.limit - 1];
    return {
      items: rows.slice(0, page.limit).map(toWinner),
      nextCursor:
        rows.length > page.limit && last
          ? encodeCursor({ draw: last.won_draw, id: last.id })
          : null,
    };
  }
}
