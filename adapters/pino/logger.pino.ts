import { pino } from 'pino';
import type { Logger } from '../../ports/logger.port';

export interface PinoLoggerOptions {
  level?: string;
  /** Where lines go; stdout (fd 1) by default. */
  destination?: pino.DestinationStream;
  /**
   * Batch stdout writes (a server under load): lines are held until 4 KiB gather or
   * `flushEveryMs` passes, whichever comes first. Ignored when `destination` is given.
   */
  flushEveryMs?: number;
}

/** What a buffer holds at most before it is written (pino's documented asynchronous logging). */
const BUFFER_BYTES = 4096;

/**
 * stdout through sonic-boom. Unbuffered, every line is one asynchronous write: a thread-pool
 * round trip each, which under load costs more than formatting the line. Buffered, one write
 * carries some 25 lines, and a timer writes out whatever waits, so a quiet server's lines
 * (the start-up line, an error) still appear within `flushEveryMs`. Nothing waits longer than
 * that, and process exit (including an uncaught error) writes the rest synchronously (pino
 * registers the destination for it); only a SIGKILL can lose the last moments.
 */
const stdoutDestination = (flushEveryMs: number | undefined) => {
  if (flushEveryMs === undefined) return pino.destination({ fd: 1, sync: false });
  const destination = pino.destination({ fd: 1, sync: false, minLength: BUFFER_BYTES });
  const timer = setInterval(() => destination.flush(), flushEveryMs);
  timer.unref();
  destination.once('close', () => clearInterval(timer));
  return destination;
};

/** JSON lines on stdout; `err` is serialised with its stack (never sent to clients, only logged). */
export const createPinoLogger = (options: PinoLoggerOptions = {}): pino.Logger & Logger =>
  pino(
    {
      level: options.level ?? 'info',
      base: { service: 'one-core' },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { err: pino.stdSerializers.err },
    },
    options.destination ?? stdoutDestination(options.flushEveryMs),
  );
