import { Writable } from 'node:stream';
import { pino } from 'pino';

/** A pino logger whose lines are kept, to read what was logged. */
export const capturingLogger = (level = 'info') => {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: pino({ level }, stream), lines };
};
