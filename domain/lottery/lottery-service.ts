import type { CsvReader } from '../../ports/csv-reader.port';
import type { DrawWorkflow } from '../../ports/draw-workflow.port';
import type { EmployeeFilter, EmployeeRepository } from '../../ports/employee-repository.port';
import type { IdGenerator } from '../../ports/id-generator.port';
import type { Page, PageRequest } from '../shared/pagination';
import type { DrawRecord } from './draw-record';
import type { EmployeeView, Winner } from './employee';
import { readEmployees } from './employee-import';
import {
  DrawNotFoundError,
  EmployeeHasWonError,
  EmployeeNotFoundError,
  NotEnoughEligibleError,
} from './lottery-errors';

/** Rows per upsertMany call: one SQLite transaction, a bounded burst of writes elsewhere. */
const IMPORT_BATCH = 1000;

export interface ImportSummary {
  rowsRead: number;
  rowsImported: number;
  rowsRejected: number;
  rejected: { line: number; reason: string }[];
}

export class LotteryService {
  constructor(
    private readonly employees: EmployeeRepository,
    private readonly workflow: DrawWorkflow,
    private readonly csv: CsvReader,
    private readonly ids: IdGenerator,
  ) {}

  async importEmployees(file: { bytes: Uint8Array; contentType: string }): Promise<ImportSummary> {
    const read = await readEmployees(file, this.csv);
    for (let start = 0; start < read.employees.length; start += IMPORT_BATCH) {
      await this.employees.upsertMany(read.employees.slice(start, start + IMPORT_BATCH));
    }
    return {
      rowsRead: read.rowsRead,
      rowsImported: read.rowsRead - read.rowsRejected,
      rowsRejected: read.rowsRejected,
      rejected: read.rejected,
    };
  }

  listEmployees(filter: EmployeeFilter, page: PageRequest): Promise<Page<EmployeeView>> {
    return this.employees.list(filter, page);
  }

  async removeEmployee(id: string): Promise<void> {
    const removed = await this.employees.remove(id);
    if (removed.outcome === 'absent') throw new EmployeeNotFoundError(id);
    if (removed.outcome === 'won') throw new EmployeeHasWonError(id, removed.drawId);
  }

  /**
   * Starts a draw of `winners`. Fewer eligible employees than that fails at once, before any
   * workflow runs; a shortage caused by concurrent draws fails the draw in its select state.
   */
  async startDraw(winners: number): Promise<DrawRecord> {
    const eligible = (await this.employees.eligible()).length;
    if (eligible < winners) throw new NotEnoughEligibleError(winners, eligible);
    return this.workflow.start({ id: this.ids.next(), winners });
  }

  async getDraw(id: string): Promise<DrawRecord> {
    const draw = await this.workflow.find(id);
    if (!draw) throw new DrawNotFoundError(id);
    return draw;
  }

  /** Every draw, most recently started first. */
  listDraws(page: PageRequest): Promise<Page<DrawRecord>> {
    return this.workflow.list(page);
  }

  listWinners(page: PageRequest): Promise<Page<Winner>> {
    return this.employees.listWinners(page);
  }
}
