import type { Candidate, Employee, EmployeeView, Winner } from '../domain/lottery/employee';
import type { Page, PageRequest } from '../domain/shared/pagination';

export interface EmployeeFilter {
  /** true: only those who never won; false: only winners; absent: everyone. */
  eligible?: boolean | undefined;
}

export type RemoveOutcome =
  | { outcome: 'removed' }
  | { outcome: 'absent' }
  | { outcome: 'won'; drawId: string };

export interface ClaimOutcome {
  /** Winners this draw now holds among the candidates (those it already held included). */
  claimed: Winner[];
  /** Candidates another draw won first, or removed meanwhile. */
  taken: string[];
}

/**
 * The employees of the lottery and who won. A winner is kept under the employee's id, and a
 * claim is a conditional write on it, so no employee ever wins twice, whatever runs at once.
 */
export interface EmployeeRepository {
  /** Creates or updates each employee (name, email); a past winner stays a winner. */
  upsertMany(employees: readonly Employee[]): Promise<void>;
  find(id: string): Promise<EmployeeView | null>;
  /** In id order. */
  list(filter: EmployeeFilter, page: PageRequest): Promise<Page<EmployeeView>>;
  /** Every employee who never won, in no particular order: a read proportional to their number. */
  eligible(): Promise<Candidate[]>;
  /** Removes an employee who never won; a winner stays on record. */
  remove(id: string): Promise<RemoveOutcome>;
  /**
   * Makes each candidate a winner of `drawId` if no draw has won them and they still exist, one
   * conditional write each. Idempotent: a candidate this draw already holds counts as claimed.
   */
  claim(drawId: string, candidates: readonly Candidate[], wonAt: string): Promise<ClaimOutcome>;
  /** Makes the winners of `drawId` eligible again (a draw that cannot finish gives them back). */
  release(drawId: string): Promise<void>;
  /** The winners of one draw, by employee id. */
  winnersOf(drawId: string): Promise<Winner[]>;
  /** Every winner, by draw (oldest first) then employee id. */
  listWinners(page: PageRequest): Promise<Page<Winner>>;
}
