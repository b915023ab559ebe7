import { CsvParseReader } from '../../../adapters/csv/csv-reader.csv-parse';
import { lotteryErrors, lotteryRoutes } from '../../../adapters/http/routes/lottery.routes';
import { drawTaskHandlers } from '../../../adapters/local/draw-task-handlers';
import { LocalDrawWorkflow } from '../../../adapters/local/draw-workflow.local';
import { CryptoRandom } from '../../../adapters/local/random.crypto';
import { DrawSteps } from '../../../domain/lottery/draw-steps';
import { LotteryService } from '../../../domain/lottery/lottery-service';
import type { Clock } from '../../../ports/clock.port';
import type { DrawStore } from '../../../ports/draw-store.port';
import type { DrawWorkflow } from '../../../ports/draw-workflow.port';
import type { EmployeeRepository } from '../../../ports/employee-repository.port';
import type { Logger } from '../../../ports/logger.port';
import type { Notifier } from '../../../ports/notifier.port';
import { defineModule } from '../domain-module';

export interface LotteryStores {
  employees: EmployeeRepository;
  draws: DrawStore;
}

export interface LotteryServices {
  lottery: LotteryService;
  /** The task states' code: local handlers and the task Lambdas call these. */
  steps: DrawSteps;
  workflow: DrawWorkflow;
}

export interface WorkflowContext {
  stores: LotteryStores;
  steps: DrawSteps;
  notifier: Notifier;
  clock: Clock;
  logger: Logger;
}

export interface LotteryOptions {
  /**
   * What runs the draw's state machine. Default: the document in this process, each draw at once
   * (the server). AWS starts Step Functions executions; Azure queues the draw for its trigger.
   */
  workflow(context: WorkflowContext): DrawWorkflow;
  /** Select rounds before a draw gives up to concurrent draws. */
  maxRounds: number;
  /** Milliseconds between retries instead of the document's (tests only). */
  retryIntervalMs: number;
}

/** A draw not saved for this long is taken to have stopped with its process (see the resume job). */
export const DRAW_LEASE_MS = 60_000;

export const inProcessWorkflow = (
  { stores, steps, notifier, clock, logger }: WorkflowContext,
  extra: {
    retryIntervalMs?: number;
    dispatch?: (draw: { id: string; winners: number }) => Promise<void>;
  } = {},
): LocalDrawWorkflow =>
  new LocalDrawWorkflow({
    handlers: drawTaskHandlers(steps, notifier),
    draws: stores.draws,
    clock,
    logger,
    ...extra,
  });

export const lotteryModule = defineModule<LotteryStores, LotteryServices, LotteryOptions>({
  name: 'lottery',
  errors: lotteryErrors,
  stores: {
    memory: () => import('./lottery.memory').then((slice) => slice.lotteryOnMemory),
    sqlite: () => import('./lottery.sqlite').then((slice) => slice.lotteryOnSqlite),
    dynamodb: () => import('./lottery.dynamodb').then((slice) => slice.lotteryOnDynamoDb),
    'azure-tables': () => import('./lottery.tables').then((slice) => slice.lotteryOnTables),
  },
  services: ({ stores, clock, ids, logger, notifier, options }) => {
    const steps = new DrawSteps(stores.employees, new CryptoRandom(), clock, {
      ...(options.maxRounds === undefined ? {} : { maxRounds: options.maxRounds }),
    });
    const context = { stores, steps, notifier, clock, logger };
    const workflow = options.workflow
      ? options.workflow(context)
      : inProcessWorkflow(context, {
          ...(options.retryIntervalMs === undefined
            ? {}
            : { retryIntervalMs: options.retryIntervalMs }),
        });
    return {
      lottery: new LotteryService(stores.employees, workflow, new CsvParseReader(), ids),
      steps,
      workflow,
    };
  },
  routes: ({ lottery }) => lotteryRoutes(lottery),
  schedules: [
    {
      name: 'lottery-resume-draws',
      cron: '* * * * *',
      // Step Functions and the Azure queue trigger carry a draw through a restart themselves.
      doors: ['server'],
      description:
        'Runs again the draws an in-process engine left running when its process stopped (a draw saved less than a minute ago is still running somewhere)',
      run: async ({ workflow }) => {
        await workflow.resume?.(DRAW_LEASE_MS);
      },
    },
  ],
});
