import type { JobCounts } from '../messaging';
import type { Order } from '../orders';
import { csvField } from '../shared/csv-field';
import type { User } from '../users';

/** What the 09:00 report says of one UTC day. */
export interface DailyReport {
  day: string;
  generatedAt: string;
  usersCreated: number;
  /** Counted by messaging's signup job, once per user (GET /signups/{day}). */
  signups: number;
  /** Orders created that day, by their status now. */
  ordersByStatus: Record<string, number>;
  /** Minor units of the day's orders that were paid (paid, shipped or delivered), per currency. */
  revenueByCurrency: Record<string, number>;
  /** Out-of-stock alerts raised that day: one per transition to zero, counted once per event. */
  outOfStockAlerts: number;
  /** The stock levels those alerts were for (an item twice if it ran out twice). */
  outOfStock: { store: string; item: string }[];
  /** Jobs the consumer settled that day: processed (work done) and dead-lettered. */
  jobs: JobCounts;
}

const PAID = new Set(['paid', 'shipped', 'delivered']);
const on = (day: string, iso: string) => iso.startsWith(day);

/** The previous UTC day of an instant, as YYYY-MM-DD. */
export const previousUtcDay = (now: Date): string =>
  new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 1))
    .toISOString()
    .slice(0, 10);

export interface ReportInputs {
  users: readonly User[];
  orders: readonly Order[];
  /** The day's out-of-stock alerts, as counted by their events (out-of-stock-count.ts). */
  outOfStock: readonly { store: string; item: string }[];
  signups: number;
  jobs: JobCounts;
}

/** Folds what the domains hold into the day's figures; everything outside the day is ignored. */
export const buildDailyReport = (day: string, generatedAt: string, inputs: ReportInputs) => {
  const ordersByStatus: Record<string, number> = {};
  const revenueByCurrency: Record<string, number> = {};
  for (const order of inputs.orders) {
    if (!on(day, order.createdAt)) continue;
    ordersByStatus[order.status] = (ordersByStatus[order.status] ?? 0) + 1;
    if (PAID.has(order.status)) {
      revenueByCurrency[order.currency] = (revenueByCurrency[order.currency] ?? 0) + order.total;
    }
  }
  return {
    day,
    generatedAt,
    usersCreated: inputs.users.filter((user) => on(day, user.createdAt)).length,
    signups: inputs.signups,
    ordersByStatus,
    revenueByCurrency,
    outOfStockAlerts: inputs.outOfStock.length,
    outOfStock: inputs.outOfStock.map(({ store, item }) => ({ store, item })),
    jobs: inputs.jobs,
  } satisfies DailyReport;
};

/** The report as `metric,key,value` rows (RFC 4180): one shape a spreadsheet pivots as it likes. */
export const dailyReportCsv = (report: DailyReport): string => {
  const rows: (string | number)[][] = [
    ['metric', 'key', 'value'],
    ['users_created', '', report.usersCreated],
    ['signups', '', report.signups],
    ...Object.entries(report.ordersByStatus).map(([status, n]) => ['orders', status, n]),
    ...Object.entries(report.revenueByCurrency).map(([currency, n]) => [
      'revenue_minor',
      currency,
      n,
    ]),
    ['out_of_stock_alerts', '', report.outOfStockAlerts],
    ...report.outOfStock.map(({ store, item }) => ['out_of_stock', `${store}/${item}`, 0]),
    ['jobs_processed', '', report.jobs.processed],
    ['jobs_dead_lettered', '', report.jobs.deadLettered],
  ];
  return rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
};
