import type { LogContext, Logger } from '../../ports/logger.port';

const LEVELS = { debug: 20, info: 30, warn: 40, error: 50, silent: 100 } as const;
export type LogLevel = keyof typeof LEVELS;
export const LOG_LEVELS = Object.keys(LEVELS) as LogLevel[];

interface Sink {
  threshold: number;
  awsRequestId: string | undefined;
  write(line: string): void;
}

const errorFields = (err: unknown) =>
  err instanceof Error
    ? {
        type: err.name,
        message: err.message,
        stack: err.stack,
        ...('code' in err ? { code: err.code } : {}),
      }
    : err;

/**
 * JSON lines on stdout, each tagged with the invocation's awsRequestId, which CloudWatch
 * Logs Insights indexes as a field. A few dozen lines instead of pino: pino adds to every cold
 * start to import, and its worker-thread transports do not bundle.
 */
export class LambdaLogger implements Logger {
  constructor(
    private readonly sink: Sink,
    private readonly bindings: LogContext = {},
  ) {}

  debug(context: LogContext, message: string): void {
    this.log(LEVELS.debug, 'debug', context, message);
  }
  info(context: LogContext, message: string): void {
    this.log(LEVELS.info, 'info', context, message);
  }
  warn(context: LogContext, message: string): void {
    this.log(LEVELS.warn, 'warn', context, message);
  }
  error(context: LogContext, message: string): void {
    this.log(LEVELS.error, 'error', context, message);
  }

  isLevelEnabled(level: keyof typeof LEVELS): boolean {
    return LEVELS[level] >= this.sink.threshold;
  }

  child(bindings: LogContext): LambdaLogger {
    return new LambdaLogger(this.sink, { ...this.bindings, ...bindings });
  }

  /**
   * Tags the lines that follow with this invocation. An execution environment runs one
   * invocation at a time (Lambda Node.js runtime model), so a field is enough.
   */
  startInvocation(awsRequestId: string | undefined): void {
    this.sink.awsRequestId = awsRequestId;
  }

  private log(value: number, level: string, context: LogContext, message: string): void {
    if (value < this.sink.threshold) return;
    const entry: LogContext = {
      level,
      time: new Date().toISOString(),
      msg: message,
      awsRequestId: this.sink.awsRequestId,
      ...this.bindings,
      ...context,
    };
    if (entry.err !== undefined) entry.err = errorFields(entry.err);
    let line: string;
    try {
      line = JSON.stringify(entry);
    } catch (error) {
      // A cycle or a BigInt in the context must not lose the line, nor throw into the caller.
      line = JSON.stringify({
        level,
        time: entry.time,
        msg: message,
        awsRequestId: entry.awsRequestId,
        logError: (error as Error).message,
      });
    }
    this.sink.write(`${line}\n`);
  }
}

export const createLambdaLogger = (
  options: { level?: LogLevel; service?: string; write?: (line: string) => void } = {},
): LambdaLogger =>
  new LambdaLogger(
    {
      threshold: LEVELS[options.level ?? 'info'],
      awsRequestId: undefined,
      write: options.write ?? ((line) => process.stdout.write(line)),
    },
    options.service ? { service: options.service } : {},
  );

/** Wraps a handler so every log line of the invocation carries its awsRequestId. */
export const withInvocationLogging =
  <E, C extends { awsRequestId?: string } | undefined, R>(
    logger: LambdaLogger,
    handler: (event: E, context: C) => R,
  ) =>
  (event: E, context: C): R => {
    logger.startInvocation(context?.awsRequestId);
    return handler(event, context);
  };
