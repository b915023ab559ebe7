/**
 * A five-field cron (minute hour day-of-month month day-of-week, UTC) as an EventBridge schedule
 * expression, `cron(minutes hours day-of-month month day-of-week year)`
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html):
 * one of the two day fields must be `?`, days of the week count from SUN=1 (cron: SUN=0 or 7),
 * and an increment starts from a value (`0/15`, not `*\/15`). Numbers, names, lists, ranges and
 * increments are translated; L, W and # are refused, as the server's cron reads them otherwise.
 */
const wraps = (part: string) => {
  const range = /^(\d)-(\d)/.exec(part);
  return range !== null && Number(range[2]) < Number(range[1]);
};

export const cronToEventBridge = (cron: string): string => {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) throw new Error(`Expected five cron fields, got "${cron}"`);
  if (/[LW#?]/.test(cron)) throw new Error(`L, W, # and ? are not translated: "${cron}"`);
  const [minute, hour, day, month, weekday] = fields as [string, string, string, string, string];
  const from = (field: string, first: number) => field.replace(/^\*\//, `${first}/`);
  const shiftDay = (token: string) =>
    /^\d$/.test(token) ? String((Number(token) % 7) + 1) : token;
  const weekdays = weekday
    .split(',')
    .map((part) =>
      part
        .replace(/^\*\//, '0/')
        .split(/([-/])/)
        .map((t, i, all) => (all[i - 1] === '/' ? t : shiftDay(t)))
        .join(''),
    )
    .join(',');
  if (/(\d)-(\d)/.test(weekdays) && weekdays.split(',').some(wraps)) {
    throw new Error(`A range of days that wraps past Saturday is not translated: "${cron}"`);
  }
  if (day !== '*' && weekday !== '*') {
    throw new Error(`EventBridge takes a day of the month or of the week, not both: "${cron}"`);
  }
  return `cron(${from(minute, 0)} ${from(hour, 0)} ${weekday === '*' ? from(day, 1) : '?'} ${from(month, 1)} ${weekday === '*' ? '?' : weekdays} *)`;
};
