/**
 * A five-field cron (minute hour day-of-month month day-of-week, UTC) as the NCRONTAB a timer
 * trigger takes: six fields, seconds first
 * (https://learn.microsoft.com/azure/azure-functions/functions-bindings-timer#ncrontab-expressions).
 * The other fields read as in cron, days of the week from Sunday = 0. Timers run in UTC unless
 * the app sets WEBSITE_TIME_ZONE, which this app leaves unset.
 */
export const cronToNcrontab = (cron: string): string => {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) throw new Error(`Expected five cron fields, got "${cron}"`);
  return `0 ${fields.join(' ')}`;
};
