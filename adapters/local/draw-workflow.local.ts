import './promise-with-resolvers';
import type { StateMachine } from 'aws-local-stepfunctions';
import {
  DRAW_TASKS,
  NOTIFICATION_TOPIC_PLACEHOLDER,
  resolveDefinition,
} from '../../domain/lottery/draw-definition';
import {
  type DrawRecord,
  type HistoryEntry,
  MAX_HISTORY,
  newDrawRecord,
  summarize,
} from '../../domain/lottery/draw-record';
import { winnerSchema } from '../../domain/lottery/employee';
import type { Page, PageRequest } from '../../domain/shared/pagination';
import type { Clock } from '../../ports/clock.port';
import type { DrawStore } from '../../ports/draw-store.port';
import type { DrawWorkflow } from '../../ports/draw-workflow.port';
import type { Logger } from '../../ports/logger.port';

/** A task state's local code, by state name (the notify branch included). */
export type DrawTaskHandlers = Record<string, (input: unknown) => Promise<unknown>>;

export interface LocalDrawWorkflowOptions {
  handlers: DrawTaskHandlers;
  draws: DrawStore;
  clock: Clock;
  logger: Logger;
  /**
   * Hands a started draw to whatever runs it: a queue whose trigger calls `run` (Azure, so a
   * host restart redelivers it). Absent: it runs at once in this process (the server).
   */
  dispatch?(draw: { id: string; winners: number }): Promise<void>;
  /** Milliseconds between retries instead of the document's IntervalSeconds (tests only). */
  retryIntervalMs?: number;
}

interface EngineEvent {
  type: string;
  timestamp: number;
  state?: { name: string; input?: unknown; output?: unknown };
  retry?: { attempt: number };
  Error?: string;
  Cause?: unknown;
}

/** Engine events worth a line in the draw's history (branch bookkeeping is left out). */
const KEPT = new Set([
  'ExecutionStarted',
  'StateEntered',
  'StateExited',
  'StateRetried',
  'StateCaught',
  'StateFailed',
  'ExecutionSucceeded',
  'ExecutionFailed',
]);

const causeText = (cause: unknown) =>
  typeof cause === 'string' ? cause : JSON.stringify(cause ?? '');

export const historyEntryOf = (event: EngineEvent, at: string): HistoryEntry => {
  const entry: HistoryEntry = { at, type: event.type };
  if (event.state) entry.state = event.state.name;
  if (event.type === 'StateEntered') entry.summary = summarize(event.state?.input);
  if (event.type === 'StateExited') entry.summary = summarize(event.state?.output);
  if (event.retry) entry.attempt = event.retry.attempt;
  if (event.Error !== undefined) {
    entry.error = event.Error;
    entry.cause = causeText(event.Cause);
  }
  return entry;
};

const recordedWinners = (output: unknown) => {
  const record = Array.isArray(output) ? output[1] : undefined;
  const winners = (record as { winners?: unknown } | undefined)?.winners;
  return Array.isArray(winners) ? winners.map((winner) => winnerSchema.parse(winner)) : [];
};

/**
 * Runs the draw's ASL document in-process with aws-local-stepfunctions, the task states bound to
 * the domain's steps. The draw is saved after every state, so GET shows its progress and
 * history; a run cut short (a crash, a redelivered message) is run again from the start, which
 * the steps make safe: each reads back what the draw already holds.
 */
export class LocalDrawWorkflow implements DrawWorkflow {
  private readonly definition = resolveDefinition({
    ...Object.fromEntries(
      Object.values(DRAW_TASKS).map((name) => [
        name,
        `arn:aws:lambda:local:000000000000:function:${name}`,
      ]),
    ),
    [NOTIFICATION_TOPIC_PLACEHOLDER]: 'arn:aws:sns:local:000000000000:lottery-winners',
  });
  private readonly running = new Map<string, Promise<DrawRecord>>();
  /** Built once: its constructor validates the whole document, which costs far more than a run. */
  private machine?: Promise<StateMachine>;

  constructor(private readonly options: LocalDrawWorkflowOptions) {}

  async start(draw: { id: string; winners: number }): Promise<DrawRecord> {
    const record = newDrawRecord(draw.id, draw.winners, this.now());
    await this.options.draws.create(record);
    if (this.options.dispatch) await this.options.dispatch(draw);
    else {
      void this.run(draw.id).catch((error: unknown) =>
        this.options.logger.error(
          { drawId: draw.id, err: error },
          'lottery draw stopped; the resume job runs it again',
        ),
      );
    }
    return record;
  }

  find(id: string): Promise<DrawRecord | null> {
    return this.options.draws.find(id);
  }

  list(page: PageRequest): Promise<Page<DrawRecord>> {
    return this.options.draws.list(page);
  }

  /** Runs the draw to its end unless it has ended; one run per draw at a time in this process. */
  run(id: string): Promise<DrawRecord> {
    const current = this.running.get(id);
    if (current) return current;
    const run = this.execute(id).finally(() => this.running.delete(id));
    this.running.set(id, run);
    return run;
  }

  /**
   * Runs again the draws a stopped process left running: those not saved for `staleAfterMs`
   * (a running draw saves after every state). With a queue (Azure), its redelivery does this.
   */
  async resume(staleAfterMs = 0): Promise<DrawRecord[]> {
    if (this.options.dispatch) return [];
    const before = this.options.clock.now().getTime() - staleAfterMs;
    const unfinished = await this.options.draws.unfinished();
    const stale = unfinished.filter(
      (draw) => !this.running.has(draw.id) && Date.parse(draw.updatedAt) <= before,
    );
    return Promise.all(stale.map((draw) => this.run(draw.id)));
  }

  /** Settles when no draw is running in this process (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  private async execute(id: string): Promise<DrawRecord> {
    const { draws, logger } = this.options;
    const found = await draws.find(id);
    if (!found) throw new Error(`Draw ${id} does not exist`);
    if (found.status !== 'running') return found;
    const record: DrawRecord = found;
    if (record.history.length > 0) {
      // A run before this one stopped midway: say so, and start over (the steps are idempotent).
      record.history.push({ at: this.now(), type: 'ExecutionResumed' });
    }
    this.machine ??= import('aws-local-stepfunctions').then(
      ({ StateMachine }) => new StateMachine(this.definition as never),
    );
    const machine = await this.machine;
    const retries = this.options.retryIntervalMs;
    const execution = machine.run(
      { input: record.winners },
      {
        context: { Execution: { Name: id } } as never,
        overrides: {
          taskResourceLocalHandlers: this.options.handlers as never,
          ...(retries === undefined
            ? {}
            : {
                retryIntervalOverrides: Object.fromEntries(
                  [
                    'Random Select Winners',
                    'Validate Winners',
                    'Send SNS and Record In Dynamodb',
                  ].map((state) => [state, retries]),
                ),
              }),
        },
      },
    );
    const outcome = execution.result.then(
      (output) => ({ output }),
      (error: unknown) => ({ error }),
    );
    for await (const event of execution.eventLogs as AsyncIterable<EngineEvent>) {
      if (!KEPT.has(event.type)) continue;
      if (record.history.length < MAX_HISTORY) {
        record.history.push(historyEntryOf(event, new Date(event.timestamp).toISOString()));
      }
      const output = event.state?.output as { message?: unknown } | undefined;
      if (
        event.type === 'StateExited' &&
        event.state?.name === 'Validate Winners' &&
        typeof output?.message === 'string'
      ) {
        record.message = output.message;
      }
      if (event.type === 'ExecutionSucceeded') {
        record.status = 'succeeded';
        record.selected = recordedWinners((event as { output?: unknown }).output);
      }
      if (event.type === 'ExecutionFailed') {
        record.status = 'failed';
        record.error = { code: event.Error ?? 'States.Runtime', cause: causeText(event.Cause) };
      }
      if (record.status !== 'running') record.finishedAt = this.now();
      record.updatedAt = this.now();
      // Saved after every state: a stop leaves the draw's progress and history readable.
      if (event.type !== 'StateEntered') await draws.save(record);
    }
    const result = await outcome;
    if ('error' in result && record.status === 'running') {
      // The engine itself failed (not the document's Fail state): end the draw with its reason.
      record.status = 'failed';
      record.error = { code: 'States.Runtime', cause: (result.error as Error).message };
      record.finishedAt = this.now();
      await draws.save(record);
    }
    logger.info(
      { drawId: id, status: record.status, error: record.error?.code },
      'lottery draw finished',
    );
    return record;
  }

  private now(): string {
    return this.options.clock.now().toISOString();
  }
}
