import {
  type Candidate,
  type Employee,
  type EmployeeView,
  viewOf,
  type Winner,
  winnerListKey,
} from '../../domain/lottery/employee';
import type { Page, PageRequest } from '../../domain/shared/pagination';
import type {
  ClaimOutcome,
  EmployeeFilter,
  EmployeeRepository,
  RemoveOutcome,
} from '../../ports/employee-repository.port';
import { pageByKey } from './key-page';

interface Row {
  employee: Employee;
  won?: { drawId: string; wonAt: string };
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const winnerOf = ({ employee, won }: Row): Winner => ({
  employeeId: employee.id,
  employeeName: employee.name,
  ...(employee.email === undefined ? {} : { email: employee.email }),
  drawId: won!.drawId,
  wonAt: won!.wonAt,
});

/** In memory: a claim checks and writes in one synchronous step, as a conditional write does. */
export class MemoryEmployeeRepository implements EmployeeRepository {
  private readonly rows = new Map<string, Row>();

  async upsertMany(employees: readonly Employee[]): Promise<void> {
    for (const employee of employees) {
      const row = this.rows.get(employee.id);
      this.rows.set(employee.id, { ...row, employee });
    }
  }

  async find(id: string): Promise<EmployeeView | null> {
    const row = this.rows.get(id);
    return row ? viewOf(row.employee, row.won) : null;
  }

  async list(filter: EmployeeFilter, page: PageRequest): Promise<Page<EmployeeView>> {
    const views = [...this.rows.values()]
      .filter((row) => filter.eligible === undefined || filter.eligible === !row.won)
      .map((row) => viewOf(row.employee, row.won))
      .sort(byId);
    return pageByKey(views, page);
  }

  async eligible(): Promise<Candidate[]> {
    const found: Candidate[] = [];
    for (const { employee, won } of this.rows.values()) if (!won) found.push(employee);
    return found;
  }

  async remove(id: string): Promise<RemoveOutcome> {
    const row = this.rows.get(id);
    if (!row) return { outcome: 'absent' };
    if (row.won) return { outcome: 'won', drawId: row.won.drawId };
    this.rows.delete(id);
    return { outcome: 'removed' };
  }

  async claim(
    drawId: string,
    candidates: readonly Candidate[],
    wonAt: string,
  ): Promise<ClaimOutcome> {
    const outcome: ClaimOutcome = { claimed: [], taken: [] };
    for (const { id } of candidates) {
      const row = this.rows.get(id);
      if (!row || (row.won && row.won.drawId !== drawId)) {
        outcome.taken.push(id);
        continue;
      }
      row.won ??= { drawId, wonAt };
      outcome.claimed.push(winnerOf(row));
    }
    return outcome;
  }

  async release(drawId: string): Promise<void> {
    for (const row of this.rows.values()) if (row.won?.drawId === drawId) delete row.won;
  }

  async winnersOf(drawId: string): Promise<Winner[]> {
    return [...this.rows.values()]
      .filter((row) => row.won?.drawId === drawId)
      .map(winnerOf)
      .sort((a, b) => (a.employeeId < b.employeeId ? -1 : 1));
  }

  async listWinners(page: PageRequest): Promise<Page<Winner>> {
    const winners = [...this.rows.values()]
      .filter((row) => row.won)
      .map((row) => ({ ...winnerOf(row), id: winnerListKey(winnerOf(row)) }))
      .sort(byId);
    const result = pageByKey(winners, page);
    return {
      items: result.items.map(({ id: _key, ...winner }) => winner),
      nextCursor: result.nextCursor,
    };
  }
}
