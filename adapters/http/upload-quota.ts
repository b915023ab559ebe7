/** What a client may still upload today, and when the count starts again. */
export type QuotaDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

const DAY_MS = 86_400_000;

/**
 * Bytes uploaded per client per UTC day, refused past the limit (and then not counted). Kept in
 * the process: exact for one server; on Lambda and Azure each warm instance counts alone, so
 * the platform's own limits (API Gateway's usage plan) stay the outer bound there.
 */
export class DailyUploadQuota {
  private readonly used = new Map<string, { day: number; bytes: number }>();

  constructor(
    readonly bytesPerDay: number,
    private readonly now: () => number = Date.now,
  ) {}

  take(client: string, bytes: number): QuotaDecision {
    const now = this.now();
    const day = Math.floor(now / DAY_MS);
    const entry = this.used.get(client);
    const spent = entry?.day === day ? entry.bytes : 0;
    if (spent + bytes > this.bytesPerDay) {
      return { ok: false, retryAfterSeconds: Math.ceil(((day + 1) * DAY_MS - now) / 1000) };
    }
    if (entry === undefined || entry.day !== day) this.forgetBefore(day);
    this.used.set(client, { day, bytes: spent + bytes });
    return { ok: true };
  }

  /** Yesterday's counts go when a new day's first upload comes. */
  private forgetBefore(day: number) {
    for (const [client, entry] of this.used) if (entry.day < day) this.used.delete(client);
  }
}
