import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  ListExecutionsCommand,
  type ListExecutionsCommandOutput,
  type SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import * as z from 'zod/mini';
import { type DrawRecord, newDrawRecord } from '../../../domain/lottery/draw-record';
import { winnerSchema } from '../../../domain/lottery/employee';
import { InvalidCursorError } from '../../../domain/shared/domain-error';
import {
  decodeCursor,
  encodeCursor,
  type Page,
  type PageRequest,
} from '../../../domain/shared/pagination';
import type { Clock } from '../../../ports/clock.port';
import type { DrawWorkflow } from '../../../ports/draw-workflow.port';
import { historyOfExecution } from './execution-history';

/** ListExecutions' own token (at most 1024 characters), wrapped as the API's cursors are. */
const cursorSchema = z.strictObject({ token: z.string().check(z.minLength(1), z.maxLength(1024)) });

/** Executions read at once for a page: Step Functions' read APIs have small token buckets. */
const READS_AT_ONCE = 4;

export interface SfnDrawWorkflowOptions {
  /** Made on first use: the HTTP function's cold start does not load the SFN client. */
  client: () => Promise<SFNClient>;
  stateMachineArn: string;
  clock: Clock;
}

const STATUS: Record<string, DrawRecord['status']> = {
  RUNNING: 'running',
  PENDING_REDRIVE: 'running',
  SUCCEEDED: 'succeeded',
};

const parsed = (text: string | undefined): unknown => {
  try {
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** Execution ARNs are the state machine's with `execution` and the execution's name. */
export const executionArnOf = (stateMachineArn: string, name: string) =>
  `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;

/**
 * Draws run by Step Functions: the draw id is the execution's name (StartExecution refuses a
 * second execution of that name with other input, so a retried request cannot start two), and
 * a draw is read back from the execution: DescribeExecution for its status, output and error,
 * GetExecutionHistory for its states. Nothing of a draw is stored in the table. The list is
 * ListExecutions (most recently started first), each execution then read as one draw.
 */
export class SfnDrawWorkflow implements DrawWorkflow {
  constructor(private readonly options: SfnDrawWorkflowOptions) {}

  async start(draw: { id: string; winners: number }): Promise<DrawRecord> {
    const client = await this.options.client();
    await client.send(
      new StartExecutionCommand({
        stateMachineArn: this.options.stateMachineArn,
        name: draw.id,
        input: JSON.stringify({ input: draw.winners }),
      }),
    );
    return newDrawRecord(draw.id, draw.winners, this.options.clock.now().toISOString());
  }

  async list(page: PageRequest): Promise<Page<DrawRecord>> {
    const client = await this.options.client();
    const token = page.cursor ? decodeCursor(page.cursor, cursorSchema).token : undefined;
    let listed: ListExecutionsCommandOutput;
    try {
      listed = await client.send(
        new ListExecutionsCommand({
          stateMachineArn: this.options.stateMachineArn,
          maxResults: page.limit,
          ...(token ? { nextToken: token } : {}),
        }),
      );
    } catch (error) {
      // A token Step Functions did not issue, or one past its 24 hours.
      if (token && (error as Error).name === 'InvalidToken') throw new InvalidCursorError();
      throw error;
    }
    const names = (listed.executions ?? []).flatMap((execution) =>
      execution.name ? [execution.name] : [],
    );
    const draws: (DrawRecord | null)[] = [];
    for (let start = 0; start < names.length; start += READS_AT_ONCE) {
      const batch = names.slice(start, start + READS_AT_ONCE);
      draws.push(...(await Promise.all(batch.map((name) => this.find(name)))));
    }
    return {
      // An execution past its retention between the list and the read is no longer a draw.
      items: draws.filter((draw): draw is DrawRecord => draw !== null),
      nextCursor: listed.nextToken ? encodeCursor({ token: listed.nextToken }) : null,
    };
  }

  async find(id: string): Promise<DrawRecord | null> {
    const client = await this.options.client();
    const executionArn = executionArnOf(this.options.stateMachineArn, id);
    let execution: DescribeExecutionCommandOutput;
    try {
      execution = await client.send(new DescribeExecutionCommand({ executionArn }));
    } catch (error) {
      // An id no execution could be named (InvalidArn) names no draw either.
      if (['ExecutionDoesNotExist', 'InvalidArn'].includes((error as Error).name)) return null;
      throw error;
    }
    const events: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new GetExecutionHistoryCommand({
          executionArn,
          maxResults: 1000,
          nextToken,
          includeExecutionData: true,
        }),
      );
      events.push(...(page.events ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    const status = STATUS[String(execution.status)] ?? 'failed';
    const startDate = execution.startDate?.toISOString() ?? '';
    const stopDate = execution.stopDate?.toISOString() ?? null;
    const input = parsed(execution.input) as { input?: number } | undefined;
    const output = parsed(execution.output);
    const record = Array.isArray(output) ? (output[1] as { winners?: unknown }) : undefined;
    const validated = [...events]
      .reverse()
      .find((e) => e.stateExitedEventDetails?.name === 'Validate Winners');
    const message = (parsed(validated?.stateExitedEventDetails?.output) as { message?: unknown })
      ?.message;
    return {
      id,
      winners: input?.input ?? 0,
      status,
      selected: Array.isArray(record?.winners)
        ? record.winners.map((w) => winnerSchema.parse(w))
        : [],
      message: typeof message === 'string' ? message : null,
      history: historyOfExecution(events),
      error:
        status === 'failed'
          ? { code: execution.error ?? 'States.Runtime', cause: execution.cause ?? '' }
          : null,
      createdAt: startDate,
      updatedAt: stopDate ?? startDate,
      finishedAt: stopDate,
    };
  }
}
