import { Duration, type Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct, type IConstruct } from 'constructs';

/*
 * Thresholds. Each alarm should mean "a person has something to do", so none fires on one blip a
 * retry already cured, and each fires within about ten minutes of a lasting fault.
 */
const FIVE_MINUTES = Duration.minutes(5);
/**
 * Lambda Errors and Throttles (Sum per 5 minutes, at least 1, in 2 of the last 3 periods): our
 * handlers catch what a retry cannot cure, so an error is a thrown retry (a dependency failing)
 * or a crash; one alone is usually retried away, errors in two periods out of three are not.
 * Throttles mean the account's concurrency ran out: async and queue events wait, but API calls fail.
 */
const FUNCTION_DATAPOINTS = { evaluationPeriods: 3, datapointsToAlarm: 2 };
/**
 * API 5xx rate: over 5% of requests in 2 consecutive 5-minute periods (a 99.9% monthly target
 * spends about 43 minutes of outright failure; 10 minutes at 5% is a fast burn worth a person).
 * Periods with fewer than 10 requests count as 0: two failures of three requests at night are a
 * Lambda error alarm's business, not a rate.
 */
const API_5XX_RATE = 0.05;
const API_MIN_REQUESTS = 10;
/**
 * Age of the oldest message of a work queue: 30 minutes. A job normally goes in seconds; a crashed
 * invocation hides its batch for the queue's visibility timeout (12 minutes on the jobs queue) and a
 * sender may delay a message by up to SQS's 15, so only an age beyond both means the consumer has
 * stopped or fallen behind.
 */
const OLDEST_MESSAGE_SECONDS = 30 * 60;

export interface AlarmsProps {
  /** Every alarm's action (and OK action): the ops-notifier function and any person subscribed. */
  opsTopic: sns.ITopic;
}

const ofType = <T>(scope: IConstruct, type: abstract new (...args: never[]) => T): T[] =>
  scope.node.findAll().filter((c): c is T & IConstruct => c instanceof type) as T[];

/**
 * The ARNs other resources name as where their failures go: a queue's redrive target, an event
 * source's or async invocation's on-failure destination, a rule target's or function's DLQ, an SNS
 * subscription's redrive policy. Read from the resources themselves, so a DLQ someone adds later
 * is found without being listed here.
 */
const deadLetterArns = (stack: Stack): Set<string> => {
  const key = (value: unknown) => JSON.stringify(stack.resolve(value));
  const arns = [
    ...ofType(stack, sqs.Queue).map((queue) => queue.deadLetterQueue?.queue.queueArn),
    ...ofType(stack, lambda.CfnEventSourceMapping).map((mapping) => {
      const config = stack.resolve(mapping.destinationConfig) as
        | { onFailure?: { destination?: unknown } }
        | undefined;
      return config?.onFailure?.destination;
    }),
    ...ofType(stack, lambda.CfnEventInvokeConfig).map((invoke) => {
      const config = stack.resolve(invoke.destinationConfig) as
        | { onFailure?: { destination?: unknown } }
        | undefined;
      return config?.onFailure?.destination;
    }),
    ...ofType(stack, events.CfnRule).flatMap((rule) =>
      ((stack.resolve(rule.targets) ?? []) as { deadLetterConfig?: { arn?: unknown } }[]).map(
        (target) => target.deadLetterConfig?.arn,
      ),
    ),
    ...ofType(stack, lambda.CfnFunction).map(
      (fn) =>
        (stack.resolve(fn.deadLetterConfig) as { targetArn?: unknown } | undefined)?.targetArn,
    ),
    ...ofType(stack, sns.CfnSubscription).map(
      (subscription) =>
        (stack.resolve(subscription.redrivePolicy) as { deadLetterTargetArn?: unknown } | undefined)
          ?.deadLetterTargetArn,
    ),
  ];
  return new Set(arns.filter((arn) => arn !== undefined).map(key));
};

/**
 * The stack's alarms, all to the ops topic, found by walking the stack rather than listed: Errors
 * and Throttles for every Lambda function, depth above 0 for every dead-letter queue, the age of
 * the oldest message for every other queue, the 5xx rate of every REST API stage, and failed
 * executions of every state machine. Call it last in the stack, after every resource it watches.
 * OK actions too: the notifier tells people of a recovery, and the live feed shows both.
 */
export const addAlarms = (stack: Stack, { opsTopic }: AlarmsProps): cloudwatch.Alarm[] => {
  const scope = new Construct(stack, 'Alarms');
  const action = new actions.SnsAction(opsTopic);
  const made: cloudwatch.Alarm[] = [];
  const alarm = (id: string, props: cloudwatch.AlarmProps) => {
    const created = new cloudwatch.Alarm(scope, id, {
      alarmName: `${stack.stackName}-${id}`,
      // An idle function, queue or API publishes no datapoints: that is not a fault.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      ...props,
    });
    created.addAlarmAction(action);
    created.addOkAction(action);
    made.push(created);
  };

  // Found before any alarm is made: the walk must see only the stack's own resources.
  const functions = ofType(stack, lambda.Function);
  const queues = ofType(stack, sqs.Queue);
  const apis = ofType(stack, apigateway.RestApiBase);
  const stateMachines = ofType(stack, sfn.StateMachine);
  const deadLetters = deadLetterArns(stack);

  for (const fn of functions) {
    const name = fn.node.id;
    alarm(`${name}Errors`, {
      alarmDescription: `${name} threw in 2 of the last 3 five-minute periods: read its log group's error lines (ops.error_logged names the requests).`,
      metric: fn.metricErrors({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      ...FUNCTION_DATAPOINTS,
    });
    alarm(`${name}Throttles`, {
      alarmDescription: `${name} was throttled in 2 of the last 3 five-minute periods: the account's or its reserved concurrency is exhausted.`,
      metric: fn.metricThrottles({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      ...FUNCTION_DATAPOINTS,
    });
  }

  for (const queue of queues) {
    const name = queue.node.id;
    if (deadLetters.has(JSON.stringify(stack.resolve(queue.queueArn)))) {
      // Anything here failed every retry and waits for a person: one message is enough.
      alarm(`${name}Depth`, {
        alarmDescription: `${name} holds messages that failed every retry: inspect them, fix the cause, redrive (README, Watching and redriving).`,
        metric: queue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(1),
          statistic: cloudwatch.Stats.MAXIMUM,
        }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
      });
    } else {
      alarm(`${name}OldestMessage`, {
        alarmDescription: `${name}'s oldest message is over ${OLDEST_MESSAGE_SECONDS / 60} minutes old: its consumer has stopped or fallen behind.`,
        metric: queue.metricApproximateAgeOfOldestMessage({
          period: FIVE_MINUTES,
          statistic: cloudwatch.Stats.MAXIMUM,
        }),
        threshold: OLDEST_MESSAGE_SECONDS,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
      });
    }
  }

  for (const api of apis) {
    // An API with no deployment has no stage, and so no metrics.
    if (!api.latestDeployment) continue;
    const stage = api.deploymentStage;
    const metric = { period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM };
    alarm(`${api.node.id}5xxRate`, {
      alarmDescription: `Over ${API_5XX_RATE * 100}% of ${api.node.id}'s requests answered 5xx for 10 minutes: the HTTP function's log lines carry each request id.`,
      metric: new cloudwatch.MathExpression({
        expression: `IF(requests >= ${API_MIN_REQUESTS}, errors / requests, 0)`,
        usingMetrics: {
          errors: stage.metricServerError(metric),
          requests: stage.metricCount(metric),
        },
        label: '5xx rate',
        period: FIVE_MINUTES,
      }),
      threshold: API_5XX_RATE,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 2,
    });
  }

  for (const machine of stateMachines) {
    // Each failure is a draw that failed after the workflow's own retries: one is worth a look.
    alarm(`${machine.node.id}ExecutionsFailed`, {
      alarmDescription: `An execution of ${machine.node.id} failed after its retries: its history shows the state and the error.`,
      metric: machine.metricFailed({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
    });
  }
  return made;
};
