/**
 * A five-field cron (minute hour day-of-month month day-of-week, UTC) as the NCRONTAB a timer
 * trigger takes: six fields, seconds first
 * (https://learn.microsoft.com/azure/azure-functions/functions-bindings-timer#ncrontab-expressions).
 * The other fields read as in cron, except that days of the week run 0-6 (Sunday is 0, never 7).
 * Timers run in UTC unless the app sets WEBSITE_TIME_ZONE, which this app leaves unset.
 */
export const cronToNcrontab = (cron: string): string => {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) throw new Error(`Expected five cron fields, got "${cron}"`);
  const weekday = fields[4]!
    .split(',')
    .map((part) => {
      if (part === '7') return '0';
      if (/-7\b/.test(part))
        throw new Error(`A range of days ending on 7 is not translated: "${cron}"`);
      return part;
    })
    .join(',');
  return `0 ${[...fields.slice(0, 4), weekday].join(' ')}`;
};
