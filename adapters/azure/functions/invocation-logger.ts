import { AsyncLocalStorage } from 'node:async_hooks';
import type { InvocationContext } from '@azure/functions';
import type { LogContext, Logger } from '../../../ports/logger.port';

const current = new AsyncLocalStorage<InvocationContext>();

/**
 * Runs `work` as part of `context`'s invocation: whatever the logger writes meanwhile, at any
 * depth, goes through that context (so Application Insights files it under the invocation)
 * and carries its invocation id.
 */
export const withInvocation = <T>(context: InvocationContext, work: () => Promise<T>): Promise<T> =>
  current.run(context, work);

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
type Method = 'debug' | 'info' | 'warn' | 'error';

const serialize = (value: unknown): unknown =>
  value instanceof Error ? { type: value.name, message: value.message, stack: value.stack } : value;

/**
 * The port's structured logger on Azure Functions: one JSON object per line, as pino writes
 * on the server, sent to the invocation's own log methods when inside one (console otherwise).
 */
export class InvocationLogger implements Logger {
  private readonly threshold: number;

  constructor(
    private readonly level: LogLevel = 'info',
    private readonly bindings: LogContext = {},
  ) {
    this.threshold = LOG_LEVELS.indexOf(level);
  }

  debug(context: LogContext, message: string): void {
    this.write('debug', context, message);
  }

  info(context: LogContext, message: string): void {
    this.write('info', context, message);
  }

  warn(context: LogContext, message: string): void {
    this.write('warn', context, message);
  }

  error(context: LogContext, message: string): void {
    this.write('error', context, message);
  }

  child(bindings: LogContext): Logger {
    return new InvocationLogger(this.level, { ...this.bindings, ...bindings });
  }

  private write(method: Method, fields: LogContext, msg: string): void {
    if (LOG_LEVELS.indexOf(method) < this.threshold) return;
    const invocation = current.getStore();
    const entry: Record<string, unknown> = { level: method, time: new Date().toISOString() };
    if (invocation) {
      entry.invocationId = invocation.invocationId;
      entry.functionName = invocation.functionName;
    }
    for (const [key, value] of Object.entries({ ...this.bindings, ...fields })) {
      entry[key] = serialize(value);
    }
    entry.msg = msg;
    const line = JSON.stringify(entry);
    if (invocation) invocation[method](line);
    else console[method](line);
  }
}
