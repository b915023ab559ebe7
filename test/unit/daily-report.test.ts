import { describe, expect, it } from 'vitest';
import {
  buildDailyReport,
  dailyReportCsv,
  previousUtcDay,
} from '../../domain/operations/daily-report';
import { sampleOrder, sampleUser } from '../support/sample-data';

describe('the daily report', () => {
  it('names the previous UTC day, across a month and a year', () => {
    expect(previousUtcDay(new Date('2026-03-01T00:30:00Z'))).toBe('2026-02-28');
    expect(previousUtcDay(new Date('2027-01-01T09:00:00Z'))).toBe('2026-12-31');
    expect(previousUtcDay(new Date('2026-06-15T23:59:59Z'))).toBe('2026-06-14');
  });

  it('counts only the day: users, orders by status, paid revenue, its alerts and its jobs', () => {
    const day = '2026-04-10';
    const at = `${day}T12:00:00.000Z`;
    const before = '2026-04-09T23:59:59.999Z';
    const report = buildDailyReport(day, '2026-04-11T09:00:00.000Z', {
      users: [sampleUser({ createdAt: at }), sampleUser({ createdAt: before })],
      orders: [
        sampleOrder({ createdAt: at, status: 'paid', currency: 'EUR', total: 1000 }),
        sampleOrder({ createdAt: at, status: 'delivered', currency: 'EUR', total: 250 }),
        sampleOrder({ createdAt: at, status: 'shipped', currency: 'USD', total: 99 }),
        sampleOrder({ createdAt: at, status: 'pending', currency: 'GBP', total: 5000 }),
        sampleOrder({ createdAt: at, status: 'cancelled', currency: 'EUR', total: 7 }),
        sampleOrder({ createdAt: before, status: 'paid', currency: 'EUR', total: 100_000 }),
      ],
      outOfStock: [
        { store: 'main', item: 'bolt' },
        { store: 'main', item: 'bolt' },
      ],
      signups: 1,
      jobs: { processed: 7, deadLettered: 1 },
    });
    expect(report).toEqual({
      day,
      generatedAt: '2026-04-11T09:00:00.000Z',
      usersCreated: 1,
      signups: 1,
      ordersByStatus: { paid: 1, delivered: 1, shipped: 1, pending: 1, cancelled: 1 },
      revenueByCurrency: { EUR: 1250, USD: 99 },
      outOfStockAlerts: 2,
      outOfStock: [
        { store: 'main', item: 'bolt' },
        { store: 'main', item: 'bolt' },
      ],
      jobs: { processed: 7, deadLettered: 1 },
    });
  });

  it('writes metric,key,value rows, quoting what RFC 4180 quotes', () => {
    const report = buildDailyReport('2026-04-10', '2026-04-11T09:00:00.000Z', {
      users: [],
      orders: [],
      outOfStock: [{ store: 'Shop, "East"', item: 'bolt' }],
      signups: 0,
      jobs: { processed: 3, deadLettered: 0 },
    });
    expect(dailyReportCsv(report)).toBe(
      [
        'metric,key,value',
        'users_created,,0',
        'signups,,0',
        'out_of_stock_alerts,,1',
        'out_of_stock,"Shop, ""East""/bolt",0',
        'jobs_processed,,3',
        'jobs_dead_lettered,,0',
        '',
      ].join('\r\n'),
    );
  });
});
