import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../apps/aws-lambda/bundle';
import { OneCoreStack } from '../../apps/aws-lambda/infra/stack';
import { drawDefinition } from '../../domain/lottery/draw-definition';
import { DRAW_STATES } from '../support/draw-states';

type Resource = { Type: string; Properties: Record<string, unknown> };
type State = {
  Type: string;
  Resource?: string;
  Retry?: { ErrorEquals: string[]; IntervalSeconds?: number; MaxAttempts?: number }[];
  Catch?: { ErrorEquals: string[]; Next: string }[];
  Branches?: { States: Record<string, State> }[];
};

/** The states of a definition, those of Parallel branches included, by name. */
const statesOf = (definition: { States: Record<string, State> }): Record<string, State> =>
  Object.fromEntries(
    Object.entries(definition.States).flatMap(([name, state]) => [
      [name, state],
      ...(state.Branches ?? []).flatMap((branch) => Object.entries(statesOf(branch))),
    ]),
  );

describe('the lottery state machine in the CDK stack', () => {
  let assets = '';
  let resources: Record<string, Resource>;
  let machine: Resource;
  let deployed: { States: Record<string, State> };
  const idOf = (resource: unknown) =>
    Object.entries(resources).find(([, r]) => r === resource)?.[0] ?? 'missing';

  beforeAll(() => {
    assets = mkdtempSync(join(tmpdir(), 'cdk-lottery-'));
    for (const name of FUNCTIONS) writeFileSync(join(assets, `${name}.zip`), `stand-in ${name}`);
    const app = new App({ outdir: join(assets, 'cdk.out') });
    const stack = new OneCoreStack(app, 'Test', { assetsDir: assets, corsOrigins: ['*'] });
    resources = Template.fromStack(stack).toJSON().Resources;
    const machines = Object.values(resources).filter(
      (r) => r.Type === 'AWS::StepFunctions::StateMachine',
    );
    expect(machines).toHaveLength(1);
    machine = machines[0]!;
    deployed = JSON.parse(machine.Properties.DefinitionString as string);
  });
  afterAll(() => rmSync(assets, { recursive: true, force: true }));

  it('deploys the ASL document as is: same states, retries, catches, choice and parallel', () => {
    expect(deployed).toEqual(drawDefinition);
    const states = statesOf(deployed);
    expect(Object.keys(states)).toEqual(DRAW_STATES);
    for (const name of [
      'Random Select Winners',
      'Validate Winners',
      'Send SNS and Record In Dynamodb',
    ]) {
      expect(states[name]?.Retry?.at(-1)).toMatchObject({
        ErrorEquals: ['States.ALL'],
        IntervalSeconds: 1,
        MaxAttempts: 2,
      });
      expect(states[name]?.Catch).toEqual([
        { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Draw Failed' },
      ]);
    }
    expect(states['Draw Failed']?.Type).toBe('Fail');
    expect(states['Notify Winners']?.Resource).toBe('arn:aws:states:::sns:publish');
  });

  it('resolves each task to its own function and the notify branch to the topic', () => {
    const substitutions = machine.Properties.DefinitionSubstitutions as Record<
      string,
      { 'Fn::GetAtt'?: string[]; Ref?: string }
    >;
    const functionOf = (placeholder: string) => {
      const id = substitutions[placeholder]?.['Fn::GetAtt']?.[0] ?? 'missing';
      return resources[id];
    };
    for (const [placeholder, name] of [
      ['RandomSelectWinnersFunctionArn', 'Random Select Winners'],
      ['ValidateWinnersFunctionArn', 'Validate Winners'],
      ['RecordWinnerQueueFunctionArn', 'Record Winner Queue'],
    ] as const) {
      const fn = functionOf(placeholder);
      expect(fn?.Type).toBe('AWS::Lambda::Function');
      expect(fn?.Properties.Description).toBe(`Lottery draw task: ${name}`);
      expect(fn?.Properties.Runtime).toBe('nodejs22.x');
    }
    const ids = [
      'RandomSelectWinnersFunctionArn',
      'ValidateWinnersFunctionArn',
      'RecordWinnerQueueFunctionArn',
    ].map((p) => substitutions[p]?.['Fn::GetAtt']?.[0]);
    expect(new Set(ids).size).toBe(3);
    const topic = Object.entries(resources).find(([, r]) => r.Type === 'AWS::SNS::Topic')?.[0];
    expect(substitutions.NotificationTopicArn).toEqual({ Ref: topic });
  });

  it('logs every execution event with its data, and the HTTP function may start and read draws', () => {
    expect(machine.Properties.StateMachineType).toBe('STANDARD');
    expect(machine.Properties.LoggingConfiguration).toMatchObject({
      Level: 'ALL',
      IncludeExecutionData: true,
    });
    const http = Object.values(resources).find(
      (r) =>
        r.Type === 'AWS::Lambda::Function' &&
        String(r.Properties.Description).startsWith('REST API door'),
    );
    const env = (http?.Properties.Environment as { Variables: Record<string, unknown> } | undefined)
      ?.Variables;
    expect(env?.LOTTERY_STATE_MACHINE_ARN).toEqual({ Ref: idOf(machine) });
    const policies = Object.values(resources).filter((r) => r.Type === 'AWS::IAM::Policy');
    const actions = (r: Resource) =>
      (
        r.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }
      ).Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    const all = policies.flatMap(actions);
    for (const action of [
      'states:StartExecution',
      'states:DescribeExecution',
      'states:GetExecutionHistory',
    ]) {
      expect(all).toContain(action);
    }
    expect(all).toContain('lambda:InvokeFunction');
    expect(all).toContain('sns:Publish');
  });
});
