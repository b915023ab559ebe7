import definition from './draw-workflow.asl.json';

/** The draw's state machine, as written in draw-workflow.asl.json: one document for every door. */
export const drawDefinition: Readonly<Record<string, unknown>> = definition;

/** The task states our code runs, each with the placeholder its Resource holds. */
export const DRAW_TASKS = {
  'Random Select Winners': 'RandomSelectWinnersFunctionArn',
  'Validate Winners': 'ValidateWinnersFunctionArn',
  'Record Winner Queue': 'RecordWinnerQueueFunctionArn',
} as const;
export type DrawTaskState = keyof typeof DRAW_TASKS;

/** The notify branch: Step Functions' SNS integration on AWS, the Notifier elsewhere. */
export const NOTIFY_STATE = 'Notify Winners';
export const NOTIFICATION_TOPIC_PLACEHOLDER = 'NotificationTopicArn';

/** The document with each `${Name}` placeholder replaced, as CloudFormation's DefinitionSubstitutions does. */
export const resolveDefinition = (
  substitutions: Readonly<Record<string, string>>,
): Record<string, unknown> =>
  JSON.parse(
    JSON.stringify(drawDefinition).replace(/\$\{(\w+)\}/g, (placeholder, name: string) => {
      const value = substitutions[name];
      if (value === undefined)
        throw new Error(`No substitution for ${placeholder} in the draw workflow`);
      return value;
    }),
  );
