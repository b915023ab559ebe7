import type { Clock } from '../../ports/clock.port';
import type { Logger } from '../../ports/logger.port';
import type { Notifier } from '../../ports/notifier.port';
import type { ObjectStore } from '../../ports/object-store.port';
import type { OutboxRedrive } from '../../ports/outbox-redrive.port';
import type { RecordStore } from '../../ports/record-store.port';
import type { StoreHousekeeping } from '../../ports/store-housekeeping.port';
import { type InventoryService, UPLOAD_PREFIX } from '../inventory';
import type { MessagingService } from '../messaging';
import type { OrderService } from '../orders';
import type { DomainEvent } from '../shared/domain-event';
import { readAll } from '../shared/read-all';
import type { UserService } from '../users';
import { buildDailyReport, dailyReportCsv, previousUtcDay } from './daily-report';
import type { JobRun, JobRunLog } from './job-runs';
import { countOutOfStock, outOfStockOn } from './out-of-stock-count';

/** What the operations jobs read and write: the other domains' services, and the platform. */
export interface OperationsPorts {
  users: Pick<UserService, 'list'>;
  orders: Pick<OrderService, 'list'>;
  inventory: Pick<InventoryService, 'resume'>;
  messaging: Pick<
    MessagingService,
    'signupsOn' | 'jobsOn' | 'redriveStalledExports' | 'purgeExpiredExports'
  >;
  runs: JobRunLog;
  /** Where the day's out-of-stock alerts are counted (out-of-stock-count.ts). */
  records: RecordStore;
  objects: ObjectStore;
  /** Absent where the store expires its bookkeeping itself (DynamoDB: TTL). */
  housekeeping?: StoreHousekeeping | undefined;
  /** Absent where the platform delivers the events itself (DynamoDB Streams). */
  outbox?: OutboxRedrive | undefined;
  notifier: Notifier;
  clock: Clock;
  logger: Logger;
}

export const REPORT_PREFIX = 'reports/';
const DAY_MS = 24 * 60 * 60 * 1000;
/** As long as a Storage Queue keeps a message by default: no redelivery comes after. */
const MARKS_KEPT_DAYS = 7;
const NOTIFICATIONS_KEPT_DAYS = 30;

/**
 * The cross-domain jobs the schedules run: each reads and writes only through the domains'
 * services and the platform's ports, so it does the same on every door.
 */
export class OperationsService {
  constructor(private readonly ports: OperationsPorts) {}

  /**
   * Re-drives the inventory imports a worker left without progress (`resume` takes over only
   * those queued, never recorded, or running with a lease that lapsed, so a live one is left be)
   * and the exports left pending or running (messaging owns them: stalled-exports.ts).
   */
  async redriveStalled(): Promise<Record<string, unknown>> {
    const uploads = await readAll((page) => this.ports.objects.list(UPLOAD_PREFIX, page));
    const resumed: string[] = [];
    for (const { key } of uploads) {
      const record = await this.ports.inventory.resume(key);
      if (record) resumed.push(record.id);
    }
    const summary = {
      // A pass of the relay over the rows past their retry time, should its own timer have stalled.
      outboxDelivered: this.ports.outbox
        ? await this.ports.outbox.redrive()
        : 'delivered by the table stream',
      importsChecked: uploads.length,
      importsResumed: resumed,
      ...(await this.ports.messaging.redriveStalledExports()),
    };
    this.ports.logger.info(summary, 'stalled work re-driven');
    return summary;
  }

  /** Writes the previous UTC day's report to reports/<day>.json and .csv and announces it. */
  async dailyReport(): Promise<Record<string, unknown>> {
    const now = this.ports.clock.now();
    const day = previousUtcDay(now);
    const [users, orders, outOfStock, signups, jobs] = await Promise.all([
      readAll((page) => this.ports.users.list(page)),
      readAll((page) => this.ports.orders.list({}, page)),
      outOfStockOn(this.ports.records, day),
      this.ports.messaging.signupsOn(day),
      this.ports.messaging.jobsOn(day),
    ]);
    const report = buildDailyReport(day, now.toISOString(), {
      users,
      orders,
      outOfStock,
      signups,
      jobs,
    });
    const json = `${REPORT_PREFIX}${day}.json`;
    const csv = `${REPORT_PREFIX}${day}.csv`;
    await this.ports.objects.put(json, JSON.stringify(report, null, 2), {
      contentType: 'application/json',
    });
    await this.ports.objects.put(csv, dailyReportCsv(report), {
      contentType: 'text/csv; charset=utf-8',
    });
    await this.ports.notifier.notify({
      subject: `Daily report for ${day}`,
      message: `${report.usersCreated} users created; orders ${JSON.stringify(report.ordersByStatus)}; ${report.outOfStock.length} out of stock. ${json}`,
      attributes: { type: 'daily_report', day, to: 'admin' },
    });
    return { day, keys: [json, csv] };
  }

  /**
   * Deletes the exports whose download link has expired, their records and files (messaging
   * owns them: expired-exports.ts), the processed-event marks older than 7 days and the
   * notifications older than 30. Delivered outbox rows need no purge: every outbox deletes a
   * row when it delivers it.
   */
  async maintenance(): Promise<Record<string, unknown>> {
    const now = this.ports.clock.now().getTime();
    const purged = this.ports.housekeeping
      ? await this.ports.housekeeping.purge({
          processedBefore: new Date(now - MARKS_KEPT_DAYS * DAY_MS),
          notificationsBefore: new Date(now - NOTIFICATIONS_KEPT_DAYS * DAY_MS),
        })
      : 'expired by the store itself (TTL)';
    const exportObjectsDeleted = await this.ports.messaging.purgeExpiredExports();
    const summary = { exportObjectsDeleted, purged };
    this.ports.logger.info(summary, 'maintenance done');
    return summary;
  }

  /** Counts an `inventory.out_of_stock` event for its UTC day, once per event id. */
  countOutOfStock(event: DomainEvent): Promise<void> {
    return countOutOfStock(this.ports.records, event);
  }

  /** Runs a job and records its last run (outcome, duration) whatever happens; rethrows a failure. */
  async track(name: string, work: () => Promise<Record<string, unknown>>): Promise<JobRun> {
    const started = this.ports.clock.now();
    const finish = (outcome: JobRun['outcome'], summary: Record<string, unknown>): JobRun => ({
      name,
      startedAt: started.toISOString(),
      durationMs: Math.max(0, this.ports.clock.now().getTime() - started.getTime()),
      outcome,
      summary,
    });
    try {
      const run = finish('succeeded', await work());
      await this.ports.runs.record(run);
      return run;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.ports.runs.record(finish('failed', { error: message }));
      throw error;
    }
  }

  lastRun(name: string): Promise<JobRun | null> {
    return this.ports.runs.last(name);
  }
}
