import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  ListExecutionsCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import '../../adapters/local/promise-with-resolvers';
import { executionArnOf } from '../../adapters/aws/sfn/draw-workflow.sfn';
import { DRAW_TASKS, NOTIFY_STATE, resolveDefinition } from '../../domain/lottery/draw-definition';

interface Execution {
  name: string;
  input: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  output?: string;
  error?: string;
  cause?: string;
  startDate: Date;
  stopDate?: Date;
  events: HistoryEvent[];
}

interface EngineEvent {
  type: string;
  timestamp: number;
  input?: unknown;
  output?: unknown;
  state?: { name: string; type: string; input?: unknown; output?: unknown };
  Error?: string;
  Cause?: unknown;
}

export const STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:LotteryDraw';
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:';
const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:Notifications';

/** An engine event as Step Functions' GetExecutionHistory has it (the fields our reader uses). */
const historyEventsOf = (event: EngineEvent, id: number): HistoryEvent[] => {
  const timestamp = new Date(event.timestamp);
  const json = (value: unknown) => JSON.stringify(value);
  const state = event.state;
  const lambda = state?.type === 'Task' && state.name !== NOTIFY_STATE;
  switch (event.type) {
    case 'ExecutionStarted':
      return [
        {
          id,
          timestamp,
          type: 'ExecutionStarted',
          executionStartedEventDetails: { input: json(event.input) },
        },
      ];
    case 'StateEntered':
      return [
        {
          id,
          timestamp,
          type: `${state?.type}StateEntered`,
          stateEnteredEventDetails: { name: state?.name, input: json(state?.input) },
        },
        ...(lambda ? [{ id: id + 0.5, timestamp, type: 'LambdaFunctionScheduled' }] : []),
      ] as HistoryEvent[];
    case 'StateExited':
      return [
        {
          id,
          timestamp,
          type: `${state?.type}StateExited`,
          stateExitedEventDetails: { name: state?.name, output: json(state?.output) },
        },
      ] as HistoryEvent[];
    case 'StateFailed':
      return state?.type === 'Task'
        ? [
            {
              id,
              timestamp,
              type: 'LambdaFunctionFailed',
              lambdaFunctionFailedEventDetails: { error: event.Error, cause: String(event.Cause) },
            },
          ]
        : [];
    case 'StateRetried':
      return [{ id, timestamp, type: 'LambdaFunctionScheduled' }];
    case 'ExecutionSucceeded':
      return [
        {
          id,
          timestamp,
          type: 'ExecutionSucceeded',
          executionSucceededEventDetails: { output: json(event.output) },
        },
      ];
    case 'ExecutionFailed':
      return [
        {
          id,
          timestamp,
          type: 'ExecutionFailed',
          executionFailedEventDetails: { error: event.Error, cause: String(event.Cause) },
        },
      ];
    default:
      return [];
  }
};

/**
 * Step Functions for tests: the SFN client is mocked (aws-sdk-client-mock), and an execution
 * StartExecution accepted is run, when asked, by aws-local-stepfunctions from the deployed
 * document, each task state invoking its Lambda handler with the state's input as the event
 * (the definition's own Parameters applied), the SNS integration recording what it would
 * publish. DescribeExecution, GetExecutionHistory and ListExecutions answer from those runs.
 */
export class StepFunctionsStandIn {
  readonly published: { Subject?: string; Message: string }[] = [];
  private readonly executions = new Map<string, Execution>();
  private readonly pending: Execution[] = [];
  readonly mock = mockClient(SFNClient);
  readonly client = new SFNClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });

  constructor(
    private readonly tasks: Record<keyof typeof DRAW_TASKS, (event: unknown) => Promise<unknown>>,
  ) {
    this.mock
      .on(StartExecutionCommand)
      .callsFake((input: { name: string; input: string; stateMachineArn: string }) => {
        if (input.stateMachineArn !== STATE_MACHINE_ARN)
          throw new Error(`Unknown state machine ${input.stateMachineArn}`);
        const execution: Execution = {
          name: input.name,
          input: input.input,
          status: 'RUNNING',
          startDate: new Date(),
          events: [],
        };
        this.executions.set(executionArnOf(STATE_MACHINE_ARN, input.name), execution);
        this.pending.push(execution);
        return {
          executionArn: executionArnOf(STATE_MACHINE_ARN, input.name),
          startDate: execution.startDate,
        };
      });
    this.mock
      .on(DescribeExecutionCommand)
      .callsFake(({ executionArn }: { executionArn: string }) => {
        const execution = this.executions.get(executionArn);
        if (!execution)
          throw Object.assign(new Error('Execution Does Not Exist'), {
            name: 'ExecutionDoesNotExist',
          });
        const { name, input, status, output, error, cause, startDate, stopDate } = execution;
        return {
          executionArn,
          stateMachineArn: STATE_MACHINE_ARN,
          name,
          input,
          status,
          output,
          error,
          cause,
          startDate,
          stopDate,
        };
      });
    // Most recently started first, as Step Functions lists them; its tokens are opaque, these
    // are the offset of the next page, and any other is refused as Step Functions does.
    this.mock
      .on(ListExecutionsCommand)
      .callsFake(({ maxResults = 100, nextToken }: { maxResults?: number; nextToken?: string }) => {
        const offset = nextToken === undefined ? 0 : Number(/^offset-(\d+)$/.exec(nextToken)?.[1]);
        if (Number.isNaN(offset))
          throw Object.assign(new Error('Invalid Token'), { name: 'InvalidToken' });
        const newest = [...this.executions.entries()].reverse();
        const end = offset + maxResults;
        return {
          executions: newest.slice(offset, end).map(([executionArn, execution]) => ({
            executionArn,
            stateMachineArn: STATE_MACHINE_ARN,
            name: execution.name,
            status: execution.status,
            startDate: execution.startDate,
            stopDate: execution.stopDate,
          })),
          ...(end < newest.length ? { nextToken: `offset-${end}` } : {}),
        };
      });
    this.mock
      .on(GetExecutionHistoryCommand)
      .callsFake(({ executionArn }: { executionArn: string }) => ({
        events: this.executions.get(executionArn)?.events ?? [],
      }));
  }

  /** Runs every execution started since the last call, to its end. */
  async runPending(): Promise<void> {
    const { StateMachine } = await import('aws-local-stepfunctions');
    const definition = resolveDefinition({
      ...Object.fromEntries(
        Object.values(DRAW_TASKS).map((placeholder) => [
          placeholder,
          `${FUNCTION_ARN}${placeholder}`,
        ]),
      ),
      NotificationTopicArn: TOPIC_ARN,
    });
    for (const execution of this.pending.splice(0)) {
      const run = new StateMachine(definition as never).run(JSON.parse(execution.input), {
        context: { Execution: { Name: execution.name } } as never,
        overrides: {
          taskResourceLocalHandlers: {
            ...(this.tasks as Record<string, (input: unknown) => Promise<unknown>>),
            [NOTIFY_STATE]: async (input: unknown) => {
              const publish = input as { TopicArn: string; Subject?: string; Message: string };
              if (publish.TopicArn !== TOPIC_ARN)
                throw new Error(`Unknown topic ${publish.TopicArn}`);
              this.published.push({ Subject: publish.Subject, Message: publish.Message });
              return { MessageId: `message-${this.published.length}` };
            },
          } as never,
        },
      });
      const outcome = run.result.then(
        (output) => ({ output }),
        (error: unknown) => ({ error }),
      );
      let id = 1;
      for await (const event of run.eventLogs as AsyncIterable<EngineEvent>) {
        execution.events.push(...historyEventsOf(event, id));
        id += 1;
        if (event.type === 'ExecutionSucceeded') {
          execution.status = 'SUCCEEDED';
          execution.output = JSON.stringify(event.output);
        }
        if (event.type === 'ExecutionFailed') {
          execution.status = 'FAILED';
          execution.error = event.Error;
          execution.cause = String(event.Cause);
        }
      }
      await outcome;
      execution.stopDate = new Date();
    }
  }

  restore(): void {
    this.mock.restore();
  }
}
