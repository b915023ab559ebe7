import type { HealthCheck } from '../../ports/health-check.port';
import type { SqliteDatabase } from './sqlite-database';

export class SqliteHealthCheck implements HealthCheck {
  readonly name = 'sqlite';

  constructor(private readonly store: SqliteDatabase) {}

  async check(): Promise<void> {
    if (!this.store.db.open) throw new Error('database is closed');
    this.store.db.prepare('SELECT 1').get();
  }
}
