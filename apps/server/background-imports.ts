import { type ImportRecord, importSummary } from '../../domain/inventory/import-record';
import { type InventoryService, UPLOAD_PREFIX } from '../../domain/inventory/inventory-service';
import type { Logger } from '../../ports/logger.port';
import type { ObjectStore } from '../../ports/object-store.port';

/**
 * The server's object-created trigger: an upload's import runs in this process after the 202,
 * as an S3 notification or a blob trigger runs it on the clouds. Shutdown waits for running
 * imports; one cut short by a crash stays `running` and is taken over when its lease ends.
 */
export class BackgroundImports {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly inventory: InventoryService,
    private readonly objects: ObjectStore,
    private readonly logger: Logger,
  ) {}

  /**
   * At start: imports what a previous run accepted but did not finish (queued, or cut short
   * by a crash), walking the uploads one by one in the background. Finished ones cost a head
   * and a record read each.
   */
  resumeUnfinished(): void {
    this.track(
      (async () => {
        let cursor: string | undefined;
        let resumed = 0;
        do {
          const page = await this.objects.list(UPLOAD_PREFIX, { limit: 100, cursor });
          for (const { key } of page.items) {
            const record = await this.inventory.resume(key);
            if (record) {
              resumed += 1;
              this.logger.info(importSummary(record), 'inventory import finished');
            }
          }
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        if (resumed > 0) this.logger.info({ resumed }, 'unfinished inventory imports resumed');
      })().catch((error: unknown) =>
        this.logger.error({ err: error }, 'resuming unfinished inventory imports failed'),
      ),
    );
  }

  start(record: ImportRecord): void {
    this.track(
      this.inventory
        .importObject(record.source)
        .then((done) => this.logger.info(importSummary(done), 'inventory import finished'))
        .catch((error: unknown) =>
          this.logger.error({ err: error, importId: record.id }, 'inventory import failed'),
        ),
    );
  }

  private track(run: Promise<void>): void {
    const tracked = run.finally(() => this.running.delete(tracked));
    this.running.add(tracked);
  }

  /** Resolves when every import started so far has ended. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
