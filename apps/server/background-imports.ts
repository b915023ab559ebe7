import { type ImportRecord, importSummary } from '../../domain/inventory/import-record';
import type { InventoryService } from '../../domain/inventory/inventory-service';
import type { Logger } from '../../ports/logger.port';

/**
 * The server's object-created trigger: an upload's import runs in this process after the 202,
 * as an S3 notification or a blob trigger runs it on the clouds. Shutdown waits for running
 * imports; one cut short by a crash stays `running` and is taken over when its lease ends.
 */
export class BackgroundImports {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly inventory: InventoryService,
    private readonly logger: Logger,
  ) {}

  start(record: ImportRecord): void {
    const run = this.inventory
      .importObject(record.source)
      .then((done) => this.logger.info(importSummary(done), 'inventory import finished'))
      .catch((error: unknown) =>
        this.logger.error({ err: error, importId: record.id }, 'inventory import failed'),
      )
      .finally(() => this.running.delete(run));
    this.running.add(run);
  }

  /** Resolves when every import started so far has ended. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
