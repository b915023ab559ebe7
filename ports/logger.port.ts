export type LogContext = Record<string, unknown>;

/** Structured logging, pino-shaped: context first, message second. */
export interface Logger {
  debug(context: LogContext, message: string): void;
  info(context: LogContext, message: string): void;
  warn(context: LogContext, message: string): void;
  error(context: LogContext, message: string): void;
  child(bindings: LogContext): Logger;
  /** Lets a hot path skip building a line nobody will see (pino has it). */
  isLevelEnabled?(level: 'debug' | 'info' | 'warn' | 'error'): boolean;
}
