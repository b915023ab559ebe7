import type { TableEntity, TransactionAction } from '@azure/data-tables';
import type { Candidate, Employee, EmployeeView, Winner } from '../../../domain/lottery/employee';
import { viewOf } from '../../../domain/lottery/employee';
import type { Page, PageRequest } from '../../../domain/shared/pagination';
import type {
  ClaimOutcome,
  EmployeeFilter,
  EmployeeRepository,
  RemoveOutcome,
} from '../../../ports/employee-repository.port';
import {
  ELIGIBLE_ROW,
  EMPLOYEE_ROW,
  EMPLOYEES_PARTITION,
  eligibleRow,
  employeeRow,
  WINNER_ROW,
  winnerDrawRows,
  winnerRow,
} from './lottery-keys';
import { backoff, contended, isConflict, MAX_ROUNDS, type Row } from './optimistic-write';
import { prefixEnd } from './table-keys';
import { queryAll, queryPage } from './table-page';
import type { TableStore } from './table-store';

/** Employees per transaction when importing: two rows each, 100 rows a transaction at most. */
const IMPORT_GROUP = 50;

const P = EMPLOYEES_PARTITION;
const rangeFilter = (prefix: string, extra = '') =>
  `PartitionKey eq '${P}' and RowKey ge '${prefix}' and RowKey lt '${prefixEnd(prefix)}'${extra}`;

const details = (employee: Employee) => ({
  id: employee.id,
  name: employee.name,
  email: employee.email ?? '',
});
const employeeEntity = (
  employee: Employee,
  won?: { drawId: string; wonAt: string },
): TableEntity => ({
  partitionKey: P,
  rowKey: employeeRow(employee.id),
  ...details(employee),
  // '' rather than absent: Merge cannot remove a property, and a filter can test ''.
  wonDraw: won?.drawId ?? '',
  wonAt: won?.wonAt ?? '',
});
const eligibleEntity = (employee: Employee): TableEntity => ({
  partitionKey: P,
  rowKey: eligibleRow(employee.id),
  ...details(employee),
});

const employeeOf = (row: Row): Employee => {
  const email = String(row.email ?? '');
  return { id: String(row.id), name: String(row.name), ...(email ? { email } : {}) };
};
const wonOf = (row: Row) =>
  row.wonDraw ? { drawId: String(row.wonDraw), wonAt: String(row.wonAt) } : undefined;
const winnerOf = (row: Row): Winner => {
  const employee = employeeOf(row);
  return {
    employeeId: employee.id,
    employeeName: employee.name,
    ...(employee.email ? { email: employee.email } : {}),
    drawId: String(row.wonDraw),
    wonAt: String(row.wonAt),
  };
};

/**
 * Employees on Table Storage (lottery-keys.ts). Writes are entity-group transactions in the one
 * partition, conditional on the ETags read, retried after a jittered backoff when another write
 * won the race (the shared optimistic-write rules).
 */
export class TableEmployeeRepository implements EmployeeRepository {
  constructor(private readonly store: TableStore) {}

  async upsertMany(employees: readonly Employee[]): Promise<void> {
    for (let start = 0; start < employees.length; start += IMPORT_GROUP) {
      const group = employees.slice(start, start + IMPORT_GROUP);
      await this.untilCommitted('employees', async () => {
        const rows = await Promise.all(group.map((employee) => this.row(employeeRow(employee.id))));
        return group.flatMap((employee, index): TransactionAction[] => {
          const current = rows[index] ?? null;
          const won = current ? wonOf(current) : undefined;
          if (!current)
            return [
              ['create', employeeEntity(employee)],
              ['upsert', eligibleEntity(employee), 'Replace'],
            ];
          const update: TransactionAction = [
            'update',
            employeeEntity(employee, won),
            'Replace',
            { etag: current.etag },
          ];
          return won ? [update] : [update, ['upsert', eligibleEntity(employee), 'Replace']];
        });
      });
    }
  }

  async find(id: string): Promise<EmployeeView | null> {
    const row = await this.row(employeeRow(id));
    return row ? viewOf(employeeOf(row), wonOf(row)) : null;
  }

  async list(filter: EmployeeFilter, page: PageRequest): Promise<Page<EmployeeView>> {
    if (filter.eligible === true) {
      const rows = await queryPage(this.store.records, rangeFilter(ELIGIBLE_ROW), page);
      return {
        items: rows.items.map((row) => viewOf(employeeOf(row))),
        nextCursor: rows.nextCursor,
      };
    }
    const extra = filter.eligible === false ? " and wonDraw ne ''" : '';
    const rows = await queryPage(this.store.records, rangeFilter(EMPLOYEE_ROW, extra), page);
    return {
      items: rows.items.map((row) => viewOf(employeeOf(row), wonOf(row))),
      nextCursor: rows.nextCursor,
    };
  }

  async eligible(): Promise<Candidate[]> {
    const rows = await queryAll(this.store.records, rangeFilter(ELIGIBLE_ROW), [
      'id',
      'name',
      'email',
    ]);
    return rows.map(employeeOf);
  }

  async remove(id: string): Promise<RemoveOutcome> {
    let outcome: RemoveOutcome = { outcome: 'absent' };
    await this.untilCommitted(`employee ${id}`, async () => {
      const current = await this.row(employeeRow(id));
      const won = current ? wonOf(current) : undefined;
      if (!current) outcome = { outcome: 'absent' };
      else if (won) outcome = { outcome: 'won', drawId: won.drawId };
      else {
        outcome = { outcome: 'removed' };
        // Deleting the eligible row fails if a draw deleted it first: then they won, read again.
        return [
          ['delete', { partitionKey: P, rowKey: employeeRow(id) }],
          ['delete', { partitionKey: P, rowKey: eligibleRow(id) }],
        ];
      }
      return [];
    });
    return outcome;
  }

  async claim(
    drawId: string,
    candidates: readonly Candidate[],
    wonAt: string,
  ): Promise<ClaimOutcome> {
    const outcome: ClaimOutcome = { claimed: [], taken: [] };
    await Promise.all(
      candidates.map(async ({ id }) => {
        let winner: Winner | undefined;
        await this.untilCommitted(`the claim of ${id}`, async () => {
          const current = await this.row(employeeRow(id));
          const won = current ? wonOf(current) : undefined;
          winner = undefined;
          if (!current || (won && won.drawId !== drawId)) return [];
          const employee = employeeOf(current);
          winner = winnerOf({ ...current, wonDraw: drawId, wonAt: won?.wonAt ?? wonAt } as Row);
          if (won) return []; // this draw's already
          return [
            [
              'update',
              employeeEntity(employee, { drawId, wonAt }),
              'Replace',
              { etag: current.etag },
            ],
            // Deleting a row that is gone fails the transaction: another draw took them first.
            ['delete', { partitionKey: P, rowKey: eligibleRow(id) }],
            [
              'create',
              {
                partitionKey: P,
                rowKey: winnerRow(drawId, id),
                ...details(employee),
                wonDraw: drawId,
                wonAt,
              },
            ],
          ];
        });
        if (winner) outcome.claimed.push(winner);
        else outcome.taken.push(id);
      }),
    );
    return outcome;
  }

  async release(drawId: string): Promise<void> {
    for (const winner of await this.winnersOf(drawId)) {
      await this.untilCommitted(`the release of ${winner.employeeId}`, async () => {
        const current = await this.row(employeeRow(winner.employeeId));
        if (!current || wonOf(current)?.drawId !== drawId) return [];
        const employee = employeeOf(current);
        return [
          ['update', employeeEntity(employee), 'Replace', { etag: current.etag }],
          ['upsert', eligibleEntity(employee), 'Replace'],
          ['delete', { partitionKey: P, rowKey: winnerRow(drawId, employee.id) }],
        ];
      });
    }
  }

  async winnersOf(drawId: string): Promise<Winner[]> {
    const rows = await queryAll(this.store.records, rangeFilter(winnerDrawRows(drawId)));
    return rows.map(winnerOf);
  }

  async listWinners(page: PageRequest): Promise<Page<Winner>> {
    const rows = await queryPage(this.store.records, rangeFilter(WINNER_ROW), page);
    return { items: rows.items.map(winnerOf), nextCursor: rows.nextCursor };
  }

  private row(rowKey: string): Promise<Row | null> {
    return this.store.read(P, rowKey);
  }

  /** Reads, decides and commits one transaction; a lost race (404/409/412) decides again. */
  private async untilCommitted(
    what: string,
    decide: () => Promise<TransactionAction[]>,
  ): Promise<void> {
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      if (round > 0) await backoff(round);
      const actions = await decide();
      if (actions.length === 0) return;
      try {
        await this.store.transact(P, actions, []);
        return;
      } catch (error) {
        if (!isConflict(error)) throw error;
      }
    }
    throw contended(what);
  }
}
