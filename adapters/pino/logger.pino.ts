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
    // Not buffered (minLength 0): a 4 KiB buffer saved ~1 us per line under load but held
    // the start-up line back until enough traffic came, which is worse for anyone watching.
    options.destination ?? pino.destination({ fd: 1, sync: false }),
  );
