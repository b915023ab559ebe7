import type { HealthCheck } from '../../../ports/health-check.port';
import { errorCodeOf, isStatus } from '../storage-errors';
import type { TableStore } from './table-store';

/** Reachable and authorised: a point read of an entity that does not exist answers 404. */
export class TableHealthCheck implements HealthCheck {
  readonly name = 'azure-tables';

  constructor(private readonly store: TableStore) {}

  async check(): Promise<void> {
    try {
      await this.store.records.getEntity('health', 'check');
    } catch (error) {
      // A missing entity is the expected answer; a missing table is not.
      if (!isStatus(error, 404) || errorCodeOf(error) === 'TableNotFound') {
        throw error;
      }
    }
  }
}
