import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBridgeEventBus } from '../../adapters/aws/eventbridge/event-bus.eventbridge';
import { CORS_ALLOW_HEADERS } from '../../adapters/http/cors';
import { FUNCTIONS } from '../../apps/aws-lambda/bundle';
import { EVENT_SOURCE } from '../../apps/aws-lambda/config';
import { OneCoreStack } from '../../apps/aws-lambda/infra/stack';
import { cronToEventBridge } from '../../apps/composition/cron/eventbridge-cron';
import { appRules } from '../../apps/composition/rules';
import { scheduleDefinitions } from '../../apps/composition/schedules';
import { modules } from '../../apps/modules/modules';
import type { DomainEvent } from '../../domain/shared/domain-event';
import { compileEventPattern } from '../../domain/shared/event-patterns/compile-pattern';
import { sampleEvent } from '../support/sample-data';

type Resource = { Type: string; Properties: Record<string, unknown> };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

/** Actions that read or write data; none of them may apply to every resource ("*"). */
const DATA_ACTION =
  /^(dynamodb:(Get|Put|Update|Delete|Query|Scan|Batch|Transact|ConditionCheck|DescribeStream)|s3:(Get|Put|Delete|List|Abort)|sns:Publish|events:PutEvents|sqs:(Send|Receive|Delete))/;

const ORIGINS = ['https://app.example.com', 'https://admin.example.com'];

/** Every module's object prefix: the S3 notifications the stack must make. */
const objectPrefixes = modules.flatMap((module) =>
  (module.objects ?? []).filter((handler) => !handler.ownFunction).map((handler) => handler.prefix),
);
/** The prefixes whose module has a function of its own (images, documents). */
const ownFunctions = modules.flatMap((module) =>
  (module.objects ?? []).flatMap((handler) =>
    handler.ownFunction ? [{ prefix: handler.prefix, ...handler.ownFunction }] : [],
  ),
);

describe('the CDK stack (aws-cdk-lib/assertions)', () => {
  let assets = '';
  let template: Template;
  let resources: Record<string, Resource>;
  const ofType = (type: string) =>
    Object.entries(resources).filter(([, resource]) => resource.Type === type);
  const logicalId = (type: string, prefix: string) =>
    ofType(type).find(([id]) => id.startsWith(prefix))?.[0] ?? `missing ${prefix}`;
  /** `Jobs<hash>`, not `JobsDeadLetters<hash>`, which starts the same. */
  const jobsQueueId = () =>
    ofType('AWS::SQS::Queue').find(([id]) => /^Jobs[0-9A-F]{8}$/.test(id))?.[0] ?? 'missing Jobs';

  beforeAll(() => {
    // Tiny stand-ins for the zips build:aws writes: the template only needs the files to exist.
    assets = mkdtempSync(join(tmpdir(), 'cdk-assets-'));
    for (const name of FUNCTIONS) writeFileSync(join(assets, `${name}.zip`), `stand-in ${name}`);
    const app = new App({ outdir: join(assets, 'cdk.out') });
    const stack = new OneCoreStack(app, 'Test', { assetsDir: assets, corsOrigins: ORIGINS });
    template = Template.fromStack(stack);
    resources = template.toJSON().Resources;
  });
  afterAll(() => rmSync(assets, { recursive: true, force: true }));

  it('defines the table: on demand, stream with both images, PITR, TTL, two GSIs projecting ALL', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    const index = (name: string) => ({
      IndexName: name,
      KeySchema: [
        { AttributeName: `${name}pk`, KeyType: 'HASH' },
        { AttributeName: `${name}sk`, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      GlobalSecondaryIndexes: [index('gsi1'), index('gsi2')],
    });
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain' });
  });

  it('keeps every bucket encrypted, private and reachable over TLS only', () => {
    const buckets = ofType('AWS::S3::Bucket');
    expect(buckets).toHaveLength(2);
    for (const [, bucket] of buckets) {
      expect(bucket.Properties).toMatchObject({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
          ],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
      });
    }
    const policies = ofType('AWS::S3::BucketPolicy');
    expect(policies).toHaveLength(2);
    for (const [, policy] of policies) {
      expect(policy.Properties.PolicyDocument).toMatchObject({
        Statement: expect.arrayContaining([
          expect.objectContaining({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      });
    }
  });

  it('has the topic (TLS only), the event bus and a rule delivering our events to the consumer', () => {
    // The notifications topic and the ops topic the alarms notify (issue 17).
    template.resourceCountIs('AWS::SNS::Topic', 2);
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
    template.resourceCountIs('AWS::Events::EventBus', 1);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: logicalId('AWS::Events::EventBus', 'Bus') },
      EventPattern: { source: ['one-core'] },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [logicalId('AWS::Lambda::Function', 'EventbridgeTarget'), 'Arn'] },
          DeadLetterConfig: Match.anyValue(),
        }),
      ],
    });
  });

  it('sends a job to the dead-letter queue after 3 receives', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: {
        deadLetterTargetArn: {
          'Fn::GetAtt': [logicalId('AWS::SQS::Queue', 'JobsDeadLetters'), 'Arn'],
        },
        maxReceiveCount: 3,
      },
    });
  });

  it('runs every function on nodejs22.x from its zip (arm64, images x86_64), logging to a group kept 30 days', () => {
    // CDK's own handler that writes the bucket's notification configuration aside.
    const functions = ofType('AWS::Lambda::Function').filter(
      ([id]) => !id.startsWith('BucketNotificationsHandler'),
    );
    expect(functions).toHaveLength(FUNCTIONS.length);
    for (const [id, fn] of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        // The images zip carries sharp's linux-x64 binary (NATIVE_PACKAGES).
        Architectures: [id.startsWith('ImagesFunction') ? 'x86_64' : 'arm64'],
        Handler: 'index.handler',
        Code: { S3Bucket: expect.anything(), S3Key: expect.stringMatching(/\.zip$/) },
        LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
      });
    }
    // One per function, and the lottery state machine's execution log.
    const groups = ofType('AWS::Logs::LogGroup');
    expect(groups).toHaveLength(FUNCTIONS.length + 1);
    for (const [, group] of groups) expect(group.Properties.RetentionInDays).toBe(30);
  });

  it('reads the table stream in small retried batches reporting item failures', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [logicalId('AWS::DynamoDB::Table', 'Table'), 'StreamArn'] },
      FunctionName: { Ref: logicalId('AWS::Lambda::Function', 'DynamodbStream') },
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
  });

  it('fronts the HTTP function with a REST API: throttled 100/200, API key, usage plan', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'prod',
      MethodSettings: Match.arrayWith([
        Match.objectLike({
          HttpMethod: '*',
          ResourcePath: '/*',
          ThrottlingRateLimit: 100,
          ThrottlingBurstLimit: 200,
        }),
      ]),
    });
    template.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      Throttle: { RateLimit: 100, BurstLimit: 200 },
      ApiStages: [Match.objectLike({ Stage: Match.anyValue() })],
    });
    template.resourceCountIs('AWS::ApiGateway::ApiKey', 1);
    template.hasResourceProperties('AWS::ApiGateway::UsagePlanKey', { KeyType: 'API_KEY' });
    const methods = ofType('AWS::ApiGateway::Method');
    const any = methods.filter(([, method]) => method.Properties.HttpMethod === 'ANY');
    expect(any).toHaveLength(2); // `/` and `/{proxy+}`
    for (const [, method] of any) {
      expect(method.Properties).toMatchObject({
        ApiKeyRequired: true,
        Integration: { Type: 'AWS_PROXY' },
      });
    }
  });

  it('answers CORS preflights at the edge without an API key, for the configured origins', () => {
    const options = ofType('AWS::ApiGateway::Method').filter(
      ([, method]) => method.Properties.HttpMethod === 'OPTIONS',
    );
    expect(options.length).toBeGreaterThan(0);
    for (const [, method] of options) {
      expect(method.Properties.ApiKeyRequired).toBe(false);
      const integration = method.Properties.Integration as {
        Type: string;
        IntegrationResponses: { ResponseParameters: Record<string, string> }[];
      };
      expect(integration.Type).toBe('MOCK');
      const headers = integration.IntegrationResponses[0]!.ResponseParameters;
      expect(headers['method.response.header.Access-Control-Allow-Origin']).toBe(`'${ORIGINS[0]}'`);
      // The same list the function's own CORS answers with: the edge and the door agree.
      expect(headers['method.response.header.Access-Control-Allow-Headers']).toBe(
        `'${CORS_ALLOW_HEADERS.join(',')}'`,
      );
    }
    const http = resources[logicalId('AWS::Lambda::Function', 'HttpFunction')]!;
    expect(http.Properties).toMatchObject({
      Environment: { Variables: { CORS_ORIGINS: ORIGINS.join(',') } },
    });
  });

  const statementsOf = (prefix: string): Statement[] =>
    ofType('AWS::IAM::Policy')
      .filter(([id]) => id.startsWith(prefix))
      .flatMap(
        ([, policy]) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
      );
  const actionsOf = (statement: Statement) => [statement.Action].flat();

  it('grants no wildcard action and no data action on every resource', () => {
    const statements = ofType('AWS::IAM::Policy').flatMap(
      ([, policy]) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
    );
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      const actions = actionsOf(statement);
      expect(actions).not.toContain('*');
      expect(actions.filter((action) => /^(dynamodb|s3|sns|sqs|events):\*$/.test(action))).toEqual(
        [],
      );
      if (actions.some((action) => DATA_ACTION.test(action))) {
        expect([statement.Resource].flat(), JSON.stringify(statement)).not.toContain('*');
      }
    }
  });

  it('lets a page on another origin GET objects through the presigned links the API redirects to', () => {
    // Followed across origins, the redirect arrives with `Origin: null`, hence `*`; the page's
    // own headers ride along (all but Authorization), hence the API's list.
    const bucket = resources[logicalId('AWS::S3::Bucket', 'Objects')]!;
    expect(bucket.Properties.CorsConfiguration).toEqual({
      CorsRules: [
        {
          AllowedOrigins: ['*'],
          AllowedMethods: ['GET', 'HEAD'],
          AllowedHeaders: [...CORS_ALLOW_HEADERS],
          MaxAge: 600,
        },
      ],
    });
  });

  it('scopes the HTTP function to the table (and its indexes) and the objects bucket', () => {
    const table = logicalId('AWS::DynamoDB::Table', 'Table');
    const bucket = logicalId('AWS::S3::Bucket', 'Objects');
    const statements = statementsOf('HttpFunction');
    const dynamo = statements.find((s) => actionsOf(s).includes('dynamodb:PutItem'))!;
    // Exactly the item calls the adapters make: no Scan, no batch calls, no stream reads.
    expect(actionsOf(dynamo).sort()).toEqual([
      'dynamodb:ConditionCheckItem',
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    expect(dynamo.Resource).toEqual([
      { 'Fn::GetAtt': [table, 'Arn'] },
      { 'Fn::Join': ['', [{ 'Fn::GetAtt': [table, 'Arn'] }, '/index/*']] },
    ]);
    const objects = statements.find((s) => actionsOf(s).includes('s3:PutObject'))!;
    expect(objects.Resource).toEqual({
      'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket, 'Arn'] }, '/*']],
    });
    const list = statements.find((s) => actionsOf(s).includes('s3:ListBucket'))!;
    expect(list.Resource).toEqual({ 'Fn::GetAtt': [bucket, 'Arn'] });
    // The HTTP function neither publishes nor reads the stream; it sends jobs and operates their
    // dead letters (count, list, redrive), on the two jobs queues only.
    const all = statements.flatMap(actionsOf);
    expect(all.filter((a) => /^(sns|events):|GetRecords/.test(a))).toEqual([]);
    const jobsQueues = [
      { 'Fn::GetAtt': [jobsQueueId(), 'Arn'] },
      { 'Fn::GetAtt': [logicalId('AWS::SQS::Queue', 'JobsDeadLetters'), 'Arn'] },
    ];
    for (const statement of statements.filter((s) =>
      actionsOf(s).some((a) => a.startsWith('sqs:')),
    )) {
      for (const resource of [statement.Resource].flat())
        expect(jobsQueues).toContainEqual(resource);
    }
    expect(all).toEqual(
      expect.arrayContaining([
        'sqs:SendMessage',
        'sqs:GetQueueAttributes',
        'sqs:StartMessageMoveTask',
      ]),
    );
  });

  it('lets the stream function read the stream and put events on our bus only', () => {
    const statements = statementsOf('DynamodbStreamFunction');
    const put = statements.find((s) => actionsOf(s).includes('events:PutEvents'))!;
    expect(put.Resource).toEqual({
      'Fn::GetAtt': [logicalId('AWS::Events::EventBus', 'Bus'), 'Arn'],
    });
    const all = statements.flatMap(actionsOf);
    expect(all).toEqual(
      expect.arrayContaining(['dynamodb:GetRecords', 'dynamodb:GetShardIterator']),
    );
    expect(all.filter((a) => /dynamodb:(Put|Update|Delete)Item|s3:|sns:/.test(a))).toEqual([]);
  });

  it('lets the consumer publish to our topic and keep dedupe marks, nothing more', () => {
    const statements = statementsOf('EventbridgeTargetFunction');
    const publish = statements.find((s) => actionsOf(s).includes('sns:Publish'))!;
    expect(publish.Resource).toEqual({ Ref: logicalId('AWS::SNS::Topic', 'Notifications') });
    const marks = statements.find((s) => actionsOf(s).includes('dynamodb:PutItem'))!;
    expect(actionsOf(marks).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
    expect([marks.Resource].flat()).toContainEqual({
      'Fn::GetAtt': [logicalId('AWS::DynamoDB::Table', 'Table'), 'Arn'],
    });
  });

  it('handles objects created under each module’s prefix: S3 notifies the object-created function, which may read only them', () => {
    expect(objectPrefixes).toEqual(['inventory/']);
    const importer = logicalId('AWS::Lambda::Function', 'ObjectCreatedFunction');
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: { Ref: logicalId('AWS::S3::Bucket', 'Objects') },
      NotificationConfiguration: {
        LambdaFunctionConfigurations: Match.arrayWith([
          {
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: objectPrefixes[0] }] } },
            LambdaFunctionArn: { 'Fn::GetAtt': [importer, 'Arn'] },
          },
        ]),
      },
    });
    expect(resources[importer]?.Properties).toMatchObject({ Timeout: 900, MemorySize: 1024 });
    const statements = statementsOf('ObjectCreatedFunction');
    const table = statements.find((s) => actionsOf(s).includes('dynamodb:BatchWriteItem'))!;
    expect(actionsOf(table).sort()).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
    ]);
    const read = statements.find((s) => actionsOf(s).includes('s3:GetObject'))!;
    expect(read.Resource).toEqual({
      'Fn::Join': [
        '',
        [{ 'Fn::GetAtt': [logicalId('AWS::S3::Bucket', 'Objects'), 'Arn'] }, '/inventory/*'],
      ],
    });
    expect(statements.flatMap(actionsOf).filter((a) => /^(sns|events):|s3:Put/.test(a))).toEqual(
      [],
    );
    // sqs only to hand an event that failed every retry to the dead-letter queue.
    const dlq = statements.find((s) => actionsOf(s).includes('sqs:SendMessage'))!;
    expect(dlq.Resource).toEqual({
      'Fn::GetAtt': [logicalId('AWS::SQS::Queue', 'FailedDeliveries'), 'Arn'],
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: importer },
      MaximumRetryAttempts: 2,
    });
  });

  it('gives images and documents functions of their own: prefix and suffix notifications, 1024 MB, retries and the DLQ, their prefixes only', () => {
    expect(ownFunctions.map((own) => own.prefix)).toEqual(['images/', 'documents/']);
    const configurations = (
      Object.values(template.findResources('Custom::S3BucketNotifications'))[0] as {
        Properties: { NotificationConfiguration: { LambdaFunctionConfigurations: object[] } };
      }
    ).Properties.NotificationConfiguration.LambdaFunctionConfigurations;
    for (const own of ownFunctions) {
      const name = `${own.name[0]!.toUpperCase()}${own.name.slice(1)}Function`;
      const id = logicalId('AWS::Lambda::Function', name);
      const mine = configurations.filter((c) => JSON.stringify(c).includes(`"${id}"`)) as {
        Filter: { Key: { FilterRules: { Name: string; Value: string }[] } };
      }[];
      expect(mine.map((c) => c.Filter.Key.FilterRules)).toEqual(
        own.suffixes.map((suffix) => [
          { Name: 'suffix', Value: suffix },
          { Name: 'prefix', Value: own.prefix },
        ]),
      );
      expect(resources[id]?.Properties).toMatchObject({
        MemorySize: 1024,
        Environment: { Variables: expect.objectContaining({ MALLOC_ARENA_MAX: '2' }) },
      });
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: id },
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
      });
      const statements = statementsOf(name);
      const objectsArn = { 'Fn::GetAtt': [logicalId('AWS::S3::Bucket', 'Objects'), 'Arn'] };
      const on = (action: string) =>
        statements.filter((st) => actionsOf(st).includes(action)).map((st) => st.Resource);
      expect(on('s3:GetObject')).toEqual([{ 'Fn::Join': ['', [objectsArn, `/${own.prefix}*`]] }]);
      expect(on('s3:PutObject')).toEqual([
        { 'Fn::Join': ['', [objectsArn, `/processed/${own.prefix}*`]] },
      ]);
      expect(
        statements
          .flatMap(actionsOf)
          .filter((a) => /^dynamodb:/.test(a))
          .sort(),
      ).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
    }
  });

  it('consumes the jobs queue in batches of 10 reporting item failures, within its visibility timeout', () => {
    const consumer = logicalId('AWS::Lambda::Function', 'SqsJobsFunction');
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: consumer },
      EventSourceArn: { 'Fn::GetAtt': [jobsQueueId(), 'Arn'] },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    const timeout = resources[consumer]?.Properties?.Timeout as number;
    const jobs = resources[jobsQueueId()]?.Properties as {
      VisibilityTimeout: number;
    };
    expect(jobs.VisibilityTimeout).toBeGreaterThanOrEqual(6 * timeout);
    const statements = statementsOf('SqsJobsFunction');
    const sends = statements.find((s) => actionsOf(s).includes('sqs:SendMessage'))!;
    expect(sends.Resource).toEqual({
      'Fn::GetAtt': [logicalId('AWS::SQS::Queue', 'JobsDeadLetters'), 'Arn'],
    });
    const exports = statements.find((s) => actionsOf(s).includes('s3:PutObject'))!;
    expect(exports.Resource).toEqual({
      'Fn::Join': [
        '',
        [{ 'Fn::GetAtt': [logicalId('AWS::S3::Bucket', 'Objects'), 'Arn'] }, '/exports/*'],
      ],
    });
  });

  it('runs every schedule (the heartbeat and each module’s) on its cron, naming its job', () => {
    const definitions = scheduleDefinitions(modules, 'aws');
    expect(definitions.map((job) => job.name)).toContain('store-heartbeat');
    const rules = Object.values(resources).filter(
      (resource) =>
        resource.Type === 'AWS::Events::Rule' && resource.Properties?.ScheduleExpression,
    );
    expect(rules).toHaveLength(definitions.length);
    for (const { name, cron } of definitions) {
      template.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: cronToEventBridge(cron),
        Targets: [
          Match.objectLike({
            Arn: { 'Fn::GetAtt': [logicalId('AWS::Lambda::Function', 'ScheduleFunction'), 'Arn'] },
            InputTransformer: Match.objectLike({
              InputTemplate: Match.stringLikeRegexp(`"job":"${name}"`),
            }),
          }),
        ],
      });
    }
    // The heartbeat's five-field cron, as EventBridge writes it.
    expect(cronToEventBridge('*/15 * * * *')).toBe('cron(0/15 * * * ? *)');
  });

  // Event rules (issue #12): what EventBridge evaluates is the rule definitions, exactly.
  it('synthesizes every event rule on the bus with exactly its pattern, targeting its runner', async () => {
    const rules = appRules(modules, { source: EVENT_SOURCE });
    expect(rules.map((rule) => rule.name)).toEqual([
      'user-events',
      'order-status',
      'high-value-order',
    ]);
    const synthesized = ofType('AWS::Events::Rule').filter(([, r]) => r.Properties.Name);
    expect(synthesized.map(([, r]) => r.Properties.Name).sort()).toEqual(
      rules.map((rule) => rule.name).sort(),
    );
    const bus = { Ref: logicalId('AWS::Events::EventBus', 'Bus') };
    const target = logicalId('AWS::Lambda::Function', 'EventbridgeTargetFunction');
    for (const rule of rules) {
      const [, resource] = synthesized.find(([, r]) => r.Properties.Name === rule.name)!;
      expect(resource.Properties.EventPattern).toEqual(rule.pattern);
      expect(resource.Properties.EventBusName).toEqual(bus);
      const [ruleTarget] = resource.Properties.Targets as {
        Arn: unknown;
        InputTransformer: { InputPathsMap: Record<string, string>; InputTemplate: unknown };
      }[];
      expect(ruleTarget?.Arn).toEqual({ 'Fn::GetAtt': [target, 'Arn'] });
      // The function reads the rule's name from resources[0], the rule's ARN on the bus.
      expect(ruleTarget?.InputTransformer.InputPathsMap).toMatchObject({ detail: '$.detail' });
      expect(JSON.stringify(ruleTarget?.InputTransformer.InputTemplate)).toContain(
        `:rule/",{"Ref":"${bus.Ref}"},"/${rule.name}\\"]`,
      );
    }

    // The synthesized patterns match the events as EventBridgeEventBus puts them on the bus.
    const eventBridge = mockClient(EventBridgeClient);
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{}, {}, {}] });
    const client = new EventBridgeClient({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    });
    const orderCreated = (amount: number, currency: string): DomainEvent => ({
      ...sampleEvent('order.created', `order-${amount}-${currency}`),
      aggregateType: 'order',
      payload: { userId: 'u1', amount, currency, itemCount: 1 },
    });
    const published = [
      orderCreated(150_000, 'EUR'),
      orderCreated(1_000, 'EUR'),
      orderCreated(100_000, 'USD'),
      sampleEvent('user.created', 'user-1'),
    ];
    await new EventBridgeEventBus({ client, eventBusName: 'bus', source: EVENT_SOURCE }).publish(
      published,
    );
    const entries = eventBridge
      .commandCalls(PutEventsCommand)
      .flatMap((call) => call.args[0].input.Entries ?? []);
    eventBridge.restore();
    const asDelivered = entries.map((entry) => ({
      source: entry.Source,
      'detail-type': entry.DetailType,
      detail: JSON.parse(entry.Detail ?? 'null'),
    }));
    const matches = (name: string) => {
      const [, resource] = synthesized.find(([, r]) => r.Properties.Name === name)!;
      const pattern = compileEventPattern(resource.Properties.EventPattern);
      if (!pattern.success) throw new Error(pattern.error);
      return asDelivered.map((event) => pattern.data(event));
    };
    // Over 1000.00 only: 1500 EUR yes; 10 EUR and exactly 1000 USD no.
    expect(matches('high-value-order')).toEqual([true, false, false, false]);
    expect(matches('order-status')).toEqual([true, true, true, false]);
    expect(matches('user-events')).toEqual([false, false, false, true]);
  });

  it('outputs the API URL and the API key id', () => {
    const outputs = template.toJSON().Outputs;
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(['ApiUrl', 'ApiKeyId']));
  });

  // Security (issue 15): what the REST API keeps open and what it leaves to the function.
  it('keeps the usage plan (rate 100, burst 200) and its key on every proxied method', () => {
    template.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      Throttle: { RateLimit: 100, BurstLimit: 200 },
    });
    const proxied = ofType('AWS::ApiGateway::Method').filter(
      ([, method]) => method.Properties.HttpMethod === 'ANY',
    );
    expect(proxied.length).toBeGreaterThan(0);
    for (const [, method] of proxied) expect(method.Properties.ApiKeyRequired).toBe(true);
  });

  it('serves GET /health and /openapi.json without the usage-plan key, as every door does', () => {
    const paths = ofType('AWS::ApiGateway::Resource').map(([, r]) => r.Properties.PathPart);
    expect(paths).toEqual(expect.arrayContaining(['health', 'openapi.json']));
    const gets = ofType('AWS::ApiGateway::Method').filter(
      ([, method]) => method.Properties.HttpMethod === 'GET',
    );
    expect(gets.map(([, method]) => method.Properties.ApiKeyRequired)).toEqual([false, false]);
  });

  it('leaves AUTH unset on every function, so the HTTP function requires credentials itself', () => {
    for (const [, fn] of ofType('AWS::Lambda::Function')) {
      const variables = (fn.Properties.Environment as { Variables?: Record<string, unknown> })
        ?.Variables;
      expect(variables?.AUTH).toBeUndefined();
    }
  });

  // Operational alarms and log processing (issue 17): apps/aws-lambda/infra/alarms.ts, operations.ts.
  describe('alarms and log processing', () => {
    type Alarm = Record<string, unknown> & { MetricName?: string; Dimensions?: unknown };
    const alarms = () =>
      ofType('AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties as Alarm);
    const alarmsOn = (metric: string) => alarms().filter((alarm) => alarm.MetricName === metric);
    const opsTopic = () => ({ Ref: logicalId('AWS::SNS::Topic', 'Ops') });
    /** Our functions: not CDK's bucket-notifications handler. */
    const functionIds = () =>
      ofType('AWS::Lambda::Function')
        .map(([id]) => id)
        .filter((id) => !id.startsWith('BucketNotificationsHandler'));
    const getAttId = (value: unknown) =>
      (value as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt']?.[0];
    /** Read from the template itself: every queue something sends its failures to. */
    const deadLetterQueueIds = () =>
      new Set(
        [
          ...ofType('AWS::SQS::Queue').map(
            ([, q]) =>
              (q.Properties.RedrivePolicy as { deadLetterTargetArn?: unknown })
                ?.deadLetterTargetArn,
          ),
          ...[
            ...ofType('AWS::Lambda::EventSourceMapping'),
            ...ofType('AWS::Lambda::EventInvokeConfig'),
          ].map(
            ([, r]) =>
              (r.Properties.DestinationConfig as { OnFailure?: { Destination?: unknown } })
                ?.OnFailure?.Destination,
          ),
          ...ofType('AWS::Events::Rule').flatMap(([, rule]) =>
            ((rule.Properties.Targets ?? []) as { DeadLetterConfig?: { Arn?: unknown } }[]).map(
              (target) => target.DeadLetterConfig?.Arn,
            ),
          ),
        ]
          .map(getAttId)
          .filter((id): id is string => id !== undefined),
      );

    it('notifies the ops topic, a topic of its own (TLS only), on ALARM and on OK, from every alarm', () => {
      expect(opsTopic().Ref).not.toBe(logicalId('AWS::SNS::Topic', 'Notifications'));
      template.hasOutput('OpsTopicArn', { Value: opsTopic() });
      expect(alarms().length).toBeGreaterThan(0);
      for (const alarm of alarms()) {
        expect(alarm.AlarmActions, String(alarm.AlarmName)).toEqual([opsTopic()]);
        expect(alarm.OKActions, String(alarm.AlarmName)).toEqual([opsTopic()]);
        // An idle resource publishes no datapoints; that is not a fault.
        expect(alarm.TreatMissingData).toBe('notBreaching');
      }
    });

    it.each(['Errors', 'Throttles'])(
      'alarms on %s once per function: Sum per 5 minutes >= 1 in 2 of 3',
      (metric) => {
        const ids = functionIds();
        // Every function the stack has, the two operations functions included.
        expect(ids).toHaveLength(FUNCTIONS.length);
        const onMetric = alarmsOn(metric);
        expect(onMetric).toHaveLength(ids.length);
        for (const id of ids) {
          const mine = onMetric.filter(
            (alarm) =>
              JSON.stringify(alarm.Dimensions) ===
              JSON.stringify([{ Name: 'FunctionName', Value: { Ref: id } }]),
          );
          expect(mine, id).toEqual([
            expect.objectContaining({
              Namespace: 'AWS/Lambda',
              Statistic: 'Sum',
              Period: 300,
              Threshold: 1,
              ComparisonOperator: 'GreaterThanOrEqualToThreshold',
              EvaluationPeriods: 3,
              DatapointsToAlarm: 2,
            }),
          ]);
        }
      },
    );

    it('alarms on every dead-letter queue holding even one message, and on no other queue’s depth', () => {
      const dlqs = deadLetterQueueIds();
      expect([...dlqs].sort()).toEqual(
        [
          logicalId('AWS::SQS::Queue', 'JobsDeadLetters'),
          logicalId('AWS::SQS::Queue', 'FailedDeliveries'),
        ].sort(),
      );
      const depth = alarmsOn('ApproximateNumberOfMessagesVisible');
      expect(depth).toHaveLength(dlqs.size);
      for (const id of dlqs) {
        expect(
          depth.filter(
            (alarm) => getAttId((alarm.Dimensions as { Value: unknown }[])[0]?.Value) === id,
          ),
          id,
        ).toEqual([
          expect.objectContaining({
            Namespace: 'AWS/SQS',
            Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [id, 'QueueName'] } }],
            Statistic: 'Maximum',
            Period: 60,
            Threshold: 0,
            ComparisonOperator: 'GreaterThanThreshold',
            EvaluationPeriods: 1,
          }),
        ]);
      }
    });

    it('alarms when the jobs queue’s oldest message is over 30 minutes old', () => {
      expect(alarmsOn('ApproximateAgeOfOldestMessage')).toEqual([
        expect.objectContaining({
          Namespace: 'AWS/SQS',
          Dimensions: [
            { Name: 'QueueName', Value: { 'Fn::GetAtt': [jobsQueueId(), 'QueueName'] } },
          ],
          Statistic: 'Maximum',
          Period: 300,
          Threshold: 1800,
          ComparisonOperator: 'GreaterThanThreshold',
        }),
      ]);
    });

    it('alarms on the REST API’s 5xx rate: 5xx / requests over 5% for two 5-minute periods, from 10 requests', () => {
      const rate = alarms().filter((alarm) => alarm.Metrics !== undefined);
      const api = logicalId('AWS::ApiGateway::RestApi', 'Api');
      const stage = logicalId('AWS::ApiGateway::Stage', 'ApiDeploymentStage');
      const stat = (metricName: string) => ({
        Metric: {
          Namespace: 'AWS/ApiGateway',
          MetricName: metricName,
          Dimensions: expect.arrayContaining([
            { Name: 'ApiName', Value: 'Api' },
            { Name: 'Stage', Value: { Ref: stage } },
          ]),
        },
        Period: 300,
        Stat: 'Sum',
      });
      expect(api).not.toMatch(/^missing/);
      expect(rate).toEqual([
        expect.objectContaining({
          Metrics: [
            expect.objectContaining({
              Expression: 'IF(requests >= 10, errors / requests, 0)',
              ReturnData: true,
            }),
            { Id: 'errors', MetricStat: stat('5XXError'), ReturnData: false },
            { Id: 'requests', MetricStat: stat('Count'), ReturnData: false },
          ],
          Threshold: 0.05,
          ComparisonOperator: 'GreaterThanThreshold',
          EvaluationPeriods: 2,
        }),
      ]);
    });

    it('alarms on every failed execution of the lottery state machine', () => {
      expect(alarmsOn('ExecutionsFailed')).toEqual([
        expect.objectContaining({
          Namespace: 'AWS/States',
          Dimensions: [
            {
              Name: 'StateMachineArn',
              Value: { Ref: logicalId('AWS::StepFunctions::StateMachine', 'LotteryDraw') },
            },
          ],
          Statistic: 'Sum',
          Period: 300,
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        }),
      ]);
    });

    it('subscribes ops-notifier to the ops topic: it may put events on our bus and publish to the notifications topic', () => {
      const notifier = logicalId('AWS::Lambda::Function', 'OpsNotifierFunction');
      template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'lambda',
        TopicArn: opsTopic(),
        Endpoint: { 'Fn::GetAtt': [notifier, 'Arn'] },
      });
      expect(resources[notifier]!.Properties.Environment).toEqual({
        Variables: expect.objectContaining({
          EVENT_BUS_NAME: { Ref: logicalId('AWS::Events::EventBus', 'Bus') },
          TOPIC_ARN: { Ref: logicalId('AWS::SNS::Topic', 'Notifications') },
        }),
      });
      const statements = statementsOf('OpsNotifierFunctionServiceRoleDefaultPolicy');
      expect(statements).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Action: 'events:PutEvents',
            Resource: { 'Fn::GetAtt': [logicalId('AWS::Events::EventBus', 'Bus'), 'Arn'] },
          }),
          expect.objectContaining({
            Action: 'sns:Publish',
            Resource: { Ref: logicalId('AWS::SNS::Topic', 'Notifications') },
          }),
        ]),
      );
    });

    it('subscribes log-errors to every other function’s log group with a filter passing error lines only', () => {
      const logErrors = logicalId('AWS::Lambda::Function', 'LogErrorsFunction');
      const groupOf = (id: string) =>
        (resources[id]!.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      const filters = ofType('AWS::Logs::SubscriptionFilter').map(([, f]) => f.Properties);
      const watched = functionIds().filter((id) => id !== logErrors);
      expect(filters.map((f) => (f.LogGroupName as { Ref: string }).Ref).sort()).toEqual(
        watched.map(groupOf).sort(),
      );
      for (const filter of filters) {
        expect(filter).toMatchObject({
          DestinationArn: { 'Fn::GetAtt': [logErrors, 'Arn'] },
          FilterPattern: '{ ($.level >= 50) || ($.level = "error") || ($.level = "fatal") }',
        });
      }
      // CloudWatch Logs may invoke it, for each of those groups.
      const permissions = ofType('AWS::Lambda::Permission').filter(
        ([, p]) => p.Properties.Principal === 'logs.amazonaws.com',
      );
      expect(permissions).toHaveLength(watched.length);
      expect(statementsOf('LogErrorsFunctionServiceRoleDefaultPolicy')).toEqual([
        expect.objectContaining({
          Action: 'events:PutEvents',
          Resource: { 'Fn::GetAtt': [logicalId('AWS::Events::EventBus', 'Bus'), 'Arn'] },
        }),
        // Its own failed invocations go to the failed deliveries (the on-failure destination).
        expect.objectContaining({
          Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
          Resource: { 'Fn::GetAtt': [logicalId('AWS::SQS::Queue', 'FailedDeliveries'), 'Arn'] },
        }),
      ]);
    });

    it('retries both operations functions twice, then keeps the event in the failed deliveries', () => {
      for (const name of ['OpsNotifierFunction', 'LogErrorsFunction']) {
        template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
          FunctionName: { Ref: logicalId('AWS::Lambda::Function', name) },
          MaximumRetryAttempts: 2,
          DestinationConfig: {
            OnFailure: {
              Destination: {
                'Fn::GetAtt': [logicalId('AWS::SQS::Queue', 'FailedDeliveries'), 'Arn'],
              },
            },
          },
        });
      }
    });
  });
  // The live feed (issue #17): the WebSocket API, its routes, the broadcast rule and the grants.
  it('serves the live feed on a WebSocket API: routes by action, all four to the live-socket function', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'WEBSOCKET',
      RouteSelectionExpression: '$request.body.action',
    });
    const api = { Ref: logicalId('AWS::ApiGatewayV2::Api', 'LiveSocketApi') };
    const routes = ofType('AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties);
    expect(routes.map((route) => route.RouteKey).sort()).toEqual(
      ['$connect', '$default', '$disconnect', 'sendMessage'].sort(),
    );
    for (const route of routes) expect(route.ApiId).toEqual(api);
    const socket = logicalId('AWS::Lambda::Function', 'LiveSocketFunction');
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      ApiId: api,
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: Match.objectLike({
        'Fn::Join': ['', Match.arrayWith([{ 'Fn::GetAtt': [socket, 'Arn'] }])],
      }),
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      ApiId: api,
      StageName: 'prod',
      AutoDeploy: true,
    });
    // Both functions push through the stage's callback URL and read connections from the table.
    for (const name of ['LiveSocketFunction', 'LiveBroadcastFunction']) {
      const [, fn] = ofType('AWS::Lambda::Function').find(([id]) => id.startsWith(name))!;
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> })
        .Variables;
      expect(JSON.stringify(variables.LIVE_CALLBACK_URL)).toContain(
        logicalId('AWS::ApiGatewayV2::Api', 'LiveSocketApi'),
      );
      expect(variables.TABLE_NAME).toEqual({ Ref: logicalId('AWS::DynamoDB::Table', 'Table') });
    }
  });

  it('broadcasts every domain event on the bus to the live-broadcast function', () => {
    const broadcast = logicalId('AWS::Lambda::Function', 'LiveBroadcastFunction');
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: logicalId('AWS::Events::EventBus', 'Bus') },
      EventPattern: { source: [EVENT_SOURCE] },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [broadcast, 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 300 },
        }),
      ],
    });
  });

  it('lets both live functions manage the stage’s connections and reach the table, nothing more', () => {
    const table = { 'Fn::GetAtt': [logicalId('AWS::DynamoDB::Table', 'Table'), 'Arn'] };
    const expected = {
      LiveSocketFunction: [
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
      ],
      LiveBroadcastFunction: ['dynamodb:DeleteItem', 'dynamodb:Query'],
    };
    for (const [name, tableActions] of Object.entries(expected)) {
      const statements = statementsOf(name);
      const manage = statements.find((s) =>
        actionsOf(s).includes('execute-api:ManageConnections'),
      )!;
      expect(actionsOf(manage), name).toEqual(['execute-api:ManageConnections']);
      expect(JSON.stringify(manage.Resource), name).toContain('/prod/POST/@connections/*');
      const data = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
      expect(data.flatMap(actionsOf).sort(), name).toEqual(tableActions);
      for (const statement of data) expect([statement.Resource].flat(), name).toContainEqual(table);
      expect(
        statements.flatMap(actionsOf).filter((a) => /^(s3|sns|sqs|events|states):/.test(a)),
        name,
      ).toEqual([]);
    }
  });
});
