import { describe, expect, it } from 'vitest';
import { startSchedules } from '../../adapters/local/scheduler.croner';
import { cronToEventBridge } from '../../apps/composition/cron/eventbridge-cron';
import { cronToNcrontab } from '../../apps/composition/cron/ncrontab';
import { scheduleDefinitions } from '../../apps/composition/schedules';
import { modules } from '../../apps/modules/modules';
import { capturingLogger } from '../support/capturing-logger';

describe('one cron, three forms', () => {
  it.each([
    ['*/15 * * * *', 'cron(0/15 * * * ? *)', '0 */15 * * * *'],
    ['0 9 * * *', 'cron(0 9 * * ? *)', '0 0 9 * * *'],
    ['0 2 * * 0', 'cron(0 2 ? * 1 *)', '0 0 2 * * 0'],
    ['0 2 * * 7', 'cron(0 2 ? * 1 *)', '0 0 2 * * 0'],
    ['0 2 * * 1-5', 'cron(0 2 ? * 2-6 *)', '0 0 2 * * 1-5'],
    ['30 */2 * * SUN', 'cron(30 0/2 ? * SUN *)', '0 30 */2 * * SUN'],
    ['0 0 1 * *', 'cron(0 0 1 * ? *)', '0 0 0 1 * *'],
    ['0 0 * * */2', 'cron(0 0 ? * 1/2 *)', '0 0 0 * * */2'],
  ])('%s is %s on EventBridge and %s on Azure', (cron, eventBridge, ncrontab) => {
    expect(cronToEventBridge(cron)).toBe(eventBridge);
    expect(cronToNcrontab(cron)).toBe(ncrontab);
  });

  it.each([
    ['0 9 * *', /five cron fields/],
    ['0 9 1 * 1', /not both/],
    ['0 0 L * *', /not translated/],
    ['0 0 * * 5-7', /wraps past Saturday/],
  ])('refuses %s for EventBridge', (cron, reason) => {
    expect(() => cronToEventBridge(cron)).toThrow(reason);
  });

  it.each(['server', 'aws', 'azure'] as const)(
    'names every job scheduled on %s once, the heartbeat and each module’s',
    (door) => {
      const names = scheduleDefinitions(modules, door).map((job) => job.name);
      expect(names).toContain('store-heartbeat');
      expect(new Set(names).size).toBe(names.length);
    },
  );

  it('schedules a job on the doors it names only: the in-process draws resume on the server', () => {
    const on = (door: 'server' | 'aws' | 'azure') =>
      scheduleDefinitions(modules, door).map((job) => job.name);
    expect(on('server')).toContain('lottery-resume-draws');
    expect(on('aws')).not.toContain('lottery-resume-draws');
    expect(on('azure')).not.toContain('lottery-resume-draws');
  });
});

describe('the server’s scheduler (croner)', () => {
  it('plans each job on its cron in UTC, runs it on demand, logs a failure and stops', async () => {
    const ran: string[] = [];
    const { logger, lines } = capturingLogger();
    const schedules = startSchedules(
      [
        { name: 'tick', cron: '*/15 * * * *', run: async () => void ran.push('tick') },
        {
          name: 'broken',
          cron: '0 9 * * *',
          run: async () => {
            throw new Error('store down');
          },
        },
      ],
      logger,
    );
    try {
      const next = schedules.nextRuns();
      expect(next.tick!.getUTCMinutes() % 15).toBe(0);
      expect(next.tick!.getTime() - Date.now()).toBeLessThanOrEqual(15 * 60_000);
      expect([next.broken!.getUTCHours(), next.broken!.getUTCMinutes()]).toEqual([9, 0]);
      await schedules.runNow('tick');
      await schedules.runNow('broken');
      expect(ran).toEqual(['tick']);
      expect(lines).toContainEqual(
        expect.objectContaining({ job: 'tick', msg: 'scheduled job finished' }),
      );
      expect(lines).toContainEqual(
        expect.objectContaining({ job: 'broken', msg: 'scheduled job failed' }),
      );
      await expect(schedules.runNow('missing')).rejects.toThrow(
        'No scheduled job is named missing',
      );
    } finally {
      await schedules.stop();
    }
    expect(schedules.nextRuns().tick).toBeNull();
  });
});
