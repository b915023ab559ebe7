export type LogContext = Record<string, unknown>;

/** Structured logging, pino-shaped: context first, message second. */
export interface Logger {
  debug(context: LogContext, message: string): void;
  info(context: LogContext, message: string): void;
  warn(context: LogContext, message: string): void;
  error(context: LogContext, message: string): void;
  child(bindings: LogContext): Logger;
}
