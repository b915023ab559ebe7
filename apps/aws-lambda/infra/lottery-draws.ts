import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import {
  DRAW_TASKS,
  drawDefinition,
  NOTIFICATION_TOPIC_PLACEHOLDER,
} from '../../../domain/lottery/draw-definition';
import type { FunctionName } from '../bundle';
import { STATE_MACHINE_VARIABLE } from '../lottery';
import type { FunctionFactory } from './function-factory';

/** Each task state's function, by the placeholder its Resource holds in the document. */
const TASK_FUNCTIONS: Record<(typeof DRAW_TASKS)[keyof typeof DRAW_TASKS], FunctionName> = {
  RandomSelectWinnersFunctionArn: 'lottery-select',
  ValidateWinnersFunctionArn: 'lottery-validate',
  RecordWinnerQueueFunctionArn: 'lottery-record',
};

export interface LotteryDrawsProps {
  fn: FunctionFactory;
  table: dynamodb.Table;
  topic: sns.Topic;
  /** The HTTP function: it starts draws and reads them back. */
  http: lambda.Function;
}

/**
 * The draw's state machine, from the one ASL document (domain/lottery/draw-workflow.asl.json) as
 * is: each task Resource placeholder becomes its function's ARN, the notify branch keeps the SNS
 * optimized integration and gets the topic. Standard type (exactly-once states, a history to
 * read back), every event logged with its data.
 */
export const addLotteryDraws = (
  scope: Construct,
  { fn, table, topic, http }: LotteryDrawsProps,
) => {
  const substitutions: Record<string, string> = {
    [NOTIFICATION_TOPIC_PLACEHOLDER]: topic.topicArn,
  };
  const tasks: lambda.Function[] = [];
  for (const [state, placeholder] of Object.entries(DRAW_TASKS)) {
    const task = fn(
      TASK_FUNCTIONS[placeholder],
      `Lottery draw task: ${state}`,
      { TABLE_NAME: table.tableName },
      {
        timeout: Duration.seconds(30),
      },
    );
    // Employees only: read the lists (Query on the GSIs), claim and release (UpdateItem).
    table.grant(task, 'dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:UpdateItem');
    substitutions[placeholder] = task.functionArn;
    tasks.push(task);
  }
  const stateMachine = new sfn.StateMachine(scope, 'LotteryDraw', {
    comment: 'Lottery draw (domain/lottery/draw-workflow.asl.json)',
    stateMachineType: sfn.StateMachineType.STANDARD,
    definitionBody: sfn.DefinitionBody.fromString(JSON.stringify(drawDefinition)),
    definitionSubstitutions: substitutions,
    logs: {
      destination: new logs.LogGroup(scope, 'LotteryDrawLogs', {
        retention: logs.RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
      level: sfn.LogLevel.ALL,
      includeExecutionData: true,
    },
    tracingEnabled: true,
  });
  for (const task of tasks) task.grantInvoke(stateMachine);
  topic.grantPublish(stateMachine);
  http.addEnvironment(STATE_MACHINE_VARIABLE, stateMachine.stateMachineArn);
  stateMachine.grantStartExecution(http);
  // DescribeExecution and GetExecutionHistory: a draw is read back from its execution.
  stateMachine.grantRead(http);
  return stateMachine;
};
