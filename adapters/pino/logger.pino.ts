import { pino } from 'pino';
import type { Logger } from '../../ports/logger.port';

export interface PinoLoggerOptions {
  level?: string;
  /** Where lines go; stdout (fd 1) by default. */
  destination?: pino.DestinationStream;
}

/** JSON lines on stdout; `err` is serialised with its stack (never sent to clients, only logged). */
export const createPinoLogger = (options: PinoLoggerOptions = {}): pino.Logger & Logger =>
  pino(
    {
      level: options.level ?? 'info',
      base: { service: 'one-core' },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { err: pino.stdSerializers.err },
    },
    // Lines are buffered up to 4 KiB per write(2): under load one syscall carries many lines.
    // pino flushes the buffer on exit, so a normal stop loses nothing.
    options.destination ?? pino.destination({ fd: 1, sync: false, minLength: 4096 }),
  );
