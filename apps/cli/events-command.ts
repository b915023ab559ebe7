import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { compileEventPattern } from '../../domain/shared/event-patterns/compile-pattern';

export const EVENTS_USAGE = `Usage: npm run cli -- events test-pattern --pattern <pattern.json> --event <event.json>

Checks an EventBridge event pattern against an event, as \`aws events test-event-pattern\` does,
with the evaluator the app's rules use. Prints true (exit 0), false (exit 1), or
invalid: <reason> (exit 2) when the pattern or the event is not valid.`;

/** TestEventPattern's mandatory event fields (API reference, TestEventPattern: Event). */
const MANDATORY = ['id', 'account', 'source', 'time', 'region', 'resources', 'detail-type'];

interface Outcome {
  code: 0 | 1 | 2;
  out?: string;
  err?: string;
}

const invalid = (reason: string): Outcome => ({ code: 2, out: `invalid: ${reason}` });

const readJson = async (label: string, path: string): Promise<{ value: unknown } | Outcome> => {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return { code: 2, err: `Cannot read the ${label} file ${path}: ${(error as Error).message}` };
  }
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return invalid(`the ${label} is not JSON: ${(error as Error).message}`);
  }
};

const eventProblem = (event: unknown): string | null => {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    return 'the event is not a JSON object';
  }
  const missing = MANDATORY.filter((field) => !Object.hasOwn(event, field));
  return missing.length > 0 ? `the event lacks the mandatory field(s) ${missing.join(', ')}` : null;
};

const testPattern = async (args: string[]): Promise<Outcome> => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { pattern: { type: 'string' }, event: { type: 'string' } },
  });
  if (positionals.length > 0 || !values.pattern || !values.event) {
    return { code: 2, err: EVENTS_USAGE };
  }
  const pattern = await readJson('pattern', values.pattern);
  if (!('value' in pattern)) return pattern;
  const event = await readJson('event', values.event);
  if (!('value' in event)) return event;
  const compiled = compileEventPattern(pattern.value);
  if (!compiled.success) return invalid(compiled.error);
  const problem = eventProblem(event.value);
  if (problem) return invalid(problem);
  return compiled.data(event.value) ? { code: 0, out: 'true' } : { code: 1, out: 'false' };
};

/** `events <command> ...`: prints its answer and returns the exit code. */
export const eventsCommand = async (args: string[]): Promise<number> => {
  const [command, ...rest] = args;
  let outcome: Outcome;
  try {
    outcome = command === 'test-pattern' ? await testPattern(rest) : { code: 2, err: EVENTS_USAGE };
  } catch (error) {
    // parseArgs: an unknown option or one without its value.
    outcome = { code: 2, err: `${(error as Error).message}\n\n${EVENTS_USAGE}` };
  }
  if (outcome.out !== undefined) process.stdout.write(`${outcome.out}\n`);
  if (outcome.err !== undefined) process.stderr.write(`${outcome.err}\n`);
  return outcome.code;
};
