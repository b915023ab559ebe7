/** pino's numeric scale: 50 is `error`, 60 `fatal`. */
export const ERROR_LEVEL = 50;

/** One log line of ours, parsed out of whatever carried it (a CloudWatch Logs subscription). */
export interface LogLine {
  level: number;
  message: string;
  /** The invocation or request the line belongs to; absent for lines written outside one. */
  requestId?: string;
  /** When the line was written (ISO 8601). */
  time: string;
}

/** Lines of one log stream of one log group, as a subscription delivers them together. */
export interface LogBatch {
  logGroup: string;
  logStream: string;
  lines: LogLine[];
}

/** What a request's error lines come to: how many, and the first of them. */
export interface RequestErrors {
  requestId: string | null;
  count: number;
  firstMessage: string;
  firstAt: string;
}

/**
 * The error lines (level 50 and above) of a batch, one entry per request id in the order each
 * request first appears: a failing request often logs several lines (the failure, its retry, the
 * 500), and the people watching want one signal per request. Lines with no request id (written
 * during init) are grouped together under `null`.
 */
export const errorsByRequest = (lines: readonly LogLine[]): RequestErrors[] => {
  const byRequest = new Map<string | null, RequestErrors>();
  for (const line of lines) {
    if (line.level < ERROR_LEVEL) continue;
    const requestId = line.requestId ?? null;
    const seen = byRequest.get(requestId);
    if (seen) {
      seen.count += 1;
      // Subscriptions deliver a stream's lines in order, but "first" must not depend on it.
      if (line.time < seen.firstAt)
        Object.assign(seen, { firstMessage: line.message, firstAt: line.time });
    } else {
      byRequest.set(requestId, {
        requestId,
        count: 1,
        firstMessage: line.message,
        firstAt: line.time,
      });
    }
  }
  return [...byRequest.values()];
};
