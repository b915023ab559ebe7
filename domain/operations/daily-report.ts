import type { StockLevel } from '../inventory';
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
  /** Stock levels that reached zero that day (their last change was that day). */
  outOfStock: { store: string; item: string }[];
  /** The jobs queue when the report ran: the queues keep no per-day history. */
  jobs: { waiting: number; deadLettered: number };
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
  stock: readonly StockLevel[];
  signups: number;
  jobs: DailyReport['jobs'];
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
    outOfStock: inputs.stock
      .filter((level) => level.count === 0 && on(day, level.updatedAt))
      .map(({ store, item }) => ({ store, item })),
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
    ...report.outOfStock.map(({ store, item }) => ['out_of_stock', `${store}/${item}`, 0]),
    ['jobs_waiting', '', report.jobs.waiting],
    ['jobs_dead_lettered', '', report.jobs.deadLettered],
  ];
  return rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
};
