import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  InvalidToken,
  ListExecutionsCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SfnDrawWorkflow } from '../../adapters/aws/sfn/draw-workflow.sfn';
import { ManualClock } from '../../adapters/memory/clock.memory';

const ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:LotteryDraw';
const EXECUTION = 'arn:aws:states:eu-west-1:123456789012:execution:LotteryDraw:draw-1';
const sfn = mockClient(SFNClient);
const client = new SFNClient({
  region: 'eu-west-1',
  credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
});
const workflow = new SfnDrawWorkflow({
  client: async () => client,
  stateMachineArn: ARN,
  clock: new ManualClock('2026-11-30T10:00:00.000Z'),
});
afterEach(() => sfn.reset());

/** Step Functions numbers a history's events from 1. */
let nextId = 0;
const withIds = (events: Record<string, unknown>[]): HistoryEvent[] =>
  events.map((event) => ({ id: ++nextId, ...event }) as unknown as HistoryEvent);

const at = (second: number) => new Date(Date.UTC(2026, 10, 30, 10, 0, second));

describe('SfnDrawWorkflow (Step Functions, client mock)', () => {
  it('starts an execution named by the draw id, with the reference input {"input": N}', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: EXECUTION, startDate: at(0) });
    const draw = await workflow.start({ id: 'draw-1', winners: 3 });
    expect(sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input).toEqual({
      stateMachineArn: ARN,
      name: 'draw-1',
      input: '{"input":3}',
    });
    expect(draw).toMatchObject({ id: 'draw-1', winners: 3, status: 'running', history: [] });
  });

  it('reads a failed draw back: its error, the retries and the catch from the execution history', async () => {
    sfn.on(DescribeExecutionCommand, { executionArn: EXECUTION }).resolves({
      executionArn: EXECUTION,
      stateMachineArn: ARN,
      status: 'FAILED',
      input: '{"input":3}',
      error: 'Error',
      cause: 'the store is unavailable',
      startDate: at(0),
      stopDate: at(5),
    });
    const entered = (type: string, name: string, second: number) => ({
      type: `${type}StateEntered`,
      timestamp: at(second),
      stateEnteredEventDetails: { name, input: '{}' },
    });
    const failed = (second: number) => ({
      type: 'LambdaFunctionFailed',
      timestamp: at(second),
      lambdaFunctionFailedEventDetails: { error: 'Error', cause: 'the store is unavailable' },
    });
    const scheduled = (second: number) => ({
      type: 'LambdaFunctionScheduled',
      timestamp: at(second),
    });
    sfn
      .on(GetExecutionHistoryCommand)
      .resolvesOnce({
        events: withIds([
          { type: 'ExecutionStarted', timestamp: at(0) },
          entered('Task', 'Validate Winners', 0),
          scheduled(0),
          failed(0),
          scheduled(1),
          failed(1),
        ]),
        nextToken: 'page-2',
      })
      .resolvesOnce({
        events: withIds([
          scheduled(2),
          failed(2),
          entered('Fail', 'Draw Failed', 2),
          {
            type: 'ExecutionFailed',
            timestamp: at(2),
            executionFailedEventDetails: { error: 'Error', cause: 'the store is unavailable' },
          },
        ]),
      });
    const draw = await workflow.find('draw-1');
    expect(
      sfn.commandCalls(GetExecutionHistoryCommand).map((c) => c.args[0].input.nextToken),
    ).toEqual([undefined, 'page-2']);
    expect(draw).toMatchObject({
      id: 'draw-1',
      winners: 3,
      status: 'failed',
      error: { code: 'Error', cause: 'the store is unavailable' },
      finishedAt: at(5).toISOString(),
    });
    expect(draw?.history.map((e) => [e.type, e.state, e.attempt])).toEqual([
      ['ExecutionStarted', undefined, undefined],
      ['StateEntered', 'Validate Winners', undefined],
      ['StateFailed', 'Validate Winners', undefined],
      ['StateRetried', 'Validate Winners', 1],
      ['StateFailed', 'Validate Winners', undefined],
      ['StateRetried', 'Validate Winners', 2],
      ['StateFailed', 'Validate Winners', undefined],
      ['StateCaught', 'Validate Winners', undefined],
      ['StateEntered', 'Draw Failed', undefined],
      ['ExecutionFailed', undefined, undefined],
    ]);
  });

  it.each(['ExecutionDoesNotExist', 'InvalidArn'])(
    'answers null for a draw no execution has (%s)',
    async (name) => {
      sfn.on(DescribeExecutionCommand).rejects(Object.assign(new Error('no'), { name }));
      expect(await workflow.find('nope')).toBeNull();
    },
  );

  it('lists draws as ListExecutions orders them, each read as one draw, its token as the cursor', async () => {
    const execution = (name: string, second: number) => ({
      executionArn: `${EXECUTION.slice(0, -'draw-1'.length)}${name}`,
      stateMachineArn: ARN,
      name,
      status: 'SUCCEEDED' as const,
      startDate: at(second),
    });
    sfn
      .on(ListExecutionsCommand)
      .resolvesOnce({
        executions: [execution('draw-9', 9), execution('draw-2', 2)],
        nextToken: 't1',
      })
      .resolvesOnce({ executions: [execution('gone', 1)] });
    sfn.on(DescribeExecutionCommand).callsFake(({ executionArn }: { executionArn: string }) => {
      const name = executionArn.split(':').at(-1);
      if (name === 'gone')
        throw Object.assign(new Error('gone'), { name: 'ExecutionDoesNotExist' });
      return { ...execution(String(name), 0), input: '{"input":2}', output: '[]' };
    });
    sfn.on(GetExecutionHistoryCommand).resolves({ events: [] });
    const first = await workflow.list({ limit: 2 });
    expect(first.items.map((draw) => [draw.id, draw.winners, draw.status])).toEqual([
      ['draw-9', 2, 'succeeded'],
      ['draw-2', 2, 'succeeded'],
    ]);
    expect(sfn.commandCalls(ListExecutionsCommand)[0]?.args[0].input).toEqual({
      stateMachineArn: ARN,
      maxResults: 2,
    });
    // An execution gone between the list and its read (past retention) is left out.
    const last = await workflow.list({ limit: 2, cursor: first.nextCursor! });
    expect(sfn.commandCalls(ListExecutionsCommand)[1]?.args[0].input.nextToken).toBe('t1');
    expect(last).toEqual({ items: [], nextCursor: null });
  });

  it('answers PAGINATION.INVALID_CURSOR for a token Step Functions refuses', async () => {
    sfn
      .on(ListExecutionsCommand)
      .rejects(new InvalidToken({ message: 'Invalid Token', $metadata: {} }));
    const forged = Buffer.from('{"token":"forged"}').toString('base64url');
    for (const cursor of [forged, 'garbage']) {
      await expect(workflow.list({ limit: 5, cursor })).rejects.toMatchObject({
        code: 'PAGINATION.INVALID_CURSOR',
      });
    }
  });
});
