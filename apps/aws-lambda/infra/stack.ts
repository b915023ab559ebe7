import { join } from 'node:path';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as lambdaDestinations from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { GSI1, GSI2, TABLE_KEYS, TTL_ATTRIBUTE } from '../../../adapters/aws/dynamodb/table-design';
import { CORS_ALLOW_HEADERS, CORS_EXPOSE_HEADERS } from '../../../adapters/http/cors';
import { cronToEventBridge } from '../../composition/cron/eventbridge-cron';
import { appRules, type RuleSettings } from '../../composition/rules';
import { scheduleDefinitions } from '../../composition/schedules';
import type { AnyModule } from '../../modules/domain-module';
import { liveModule } from '../../modules/live/live.module';
import { modules as allModules } from '../../modules/modules';
import type { FunctionName } from '../bundle';
import { EVENT_SOURCE } from '../config';
import { NATIVE_PACKAGES } from '../native-packages';
import { addEventRules } from './event-rules';
import { addLiveSocket } from './live-socket';
import { addLotteryDraws } from './lottery-draws';
import { addOperations } from './operations';

export interface OneCoreStackProps extends StackProps {
  /** Where `npm run build:aws` wrote <function>.zip. */
  assetsDir: string;
  /** Origins browsers may call the API from (`*` for any); answered by API Gateway's preflight. */
  corsOrigins: readonly string[];
  /** API Gateway stage: the first path segment of the invoke URL. */
  stageName?: string;
  /** The domains deployed; every module of apps/modules/modules.ts by default. */
  modules?: readonly AnyModule[];
  /** The event rules' threshold (synthesized into the pattern) and the sales address. */
  ruleSettings?: RuleSettings;
}

/** Request headers the API reads, plus the API key header browsers must be allowed to send. */

/**
 * The item actions the DynamoDB adapters issue (Get, Put, Update, Delete, Query, and
 * TransactWriteItems, which IAM checks per item as Put/Update/Delete/ConditionCheck).
 * Narrower than grantReadWriteData: no Scan, no batch calls, no stream reads.
 */
const TABLE_ITEM_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:Query',
];

const pascal = (name: string) =>
  name.replace(/(^|-)(\w)/g, (_, _dash: string, letter: string) => letter.toUpperCase());

/**
 * Everything the Lambda door needs, least privilege: each function gets only the actions
 * it performs, on the ARNs it touches. Functions come from dist/aws/<name>.zip (built by
 * build:aws), so synth needs neither Docker nor a bundler of its own.
 */
export class OneCoreStack extends Stack {
  constructor(scope: Construct, id: string, props: OneCoreStackProps) {
    super(scope, id, props);
    // Log delivery writes access logs through a bucket policy, not the legacy ACL, so the
    // log bucket can disable ACLs like every other bucket here.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    const stageName = props.stageName ?? 'prod';
    const modules = props.modules ?? allModules;
    // Prefixes the shared object-created function handles; a handler with a function of its
    // own (images, documents) gets that function and its notifications instead.
    const objectPrefixes = modules.flatMap((module) =>
      (module.objects ?? [])
        .filter((handler) => !handler.ownFunction)
        .map((handler) => handler.prefix),
    );
    const ownFunctions = modules.flatMap((module) =>
      (module.objects ?? []).flatMap((handler) =>
        handler.ownFunction ? [{ prefix: handler.prefix, ...handler.ownFunction }] : [],
      ),
    );

    // Records: one table, keys as adapters/aws/dynamodb/table-design.ts describes them.
    const table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.pk, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sk, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TTL_ATTRIBUTE,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const indexName of [GSI1, GSI2]) {
      table.addGlobalSecondaryIndex({
        indexName,
        partitionKey: { name: `${indexName}pk`, type: dynamodb.AttributeType.STRING },
        sortKey: { name: `${indexName}sk`, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }

    // Objects: private, encrypted, TLS only; access to them is logged in a bucket of the same kind.
    const privateBucket = {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
    } satisfies s3.BucketProps;
    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      ...privateBucket,
      lifecycleRules: [{ expiration: Duration.days(90) }],
    });
    const bucket = new s3.Bucket(this, 'Objects', {
      ...privateBucket,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'objects/',
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      // A browser page on another origin (the admin console) reads objects through the API's
      // redirect to a presigned link: the redirect crosses origins, so the browser sends
      // `Origin: null` and keeps the page's headers but Authorization (x-api-key is preflighted).
      // Any origin may GET, as the presigned link is the credential; no cookies are involved.
      cors:
        props.corsOrigins.length > 0
          ? [
              {
                allowedOrigins: ['*'],
                allowedMethods: [s3.HttpMethods.GET, s3.HttpMethods.HEAD],
                allowedHeaders: [...CORS_ALLOW_HEADERS],
                maxAge: 600,
              },
            ]
          : [],
    });

    const topic = new sns.Topic(this, 'Notifications', { enforceSSL: true });
    const bus = new events.EventBus(this, 'Bus');

    // Jobs: a queue whose messages move to the dead-letter queue after three failed receives.
    const queueDefaults = {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    } satisfies sqs.QueueProps;
    const jobsDeadLetters = new sqs.Queue(this, 'JobsDeadLetters', {
      ...queueDefaults,
      retentionPeriod: Duration.days(14),
    });
    // Six times the jobs function's timeout, as Lambda advises for an SQS event source, so a
    // batch still running is never handed to a second invocation.
    const jobsTimeout = Duration.minutes(2);
    const jobs = new sqs.Queue(this, 'Jobs', {
      ...queueDefaults,
      visibilityTimeout: Duration.minutes(12),
      deadLetterQueue: { queue: jobsDeadLetters, maxReceiveCount: 3 },
    });
    // Stream batches and events that still fail after the retries land here to be replayed.
    const failedDeliveries = new sqs.Queue(this, 'FailedDeliveries', {
      ...queueDefaults,
      retentionPeriod: Duration.days(14),
    });

    const fn = (
      name: FunctionName,
      description: string,
      environment: Record<string, string>,
      options: { memorySize?: number; timeout?: Duration; architecture?: lambda.Architecture } = {},
    ) => {
      const id = pascal(name);
      return new lambda.Function(this, `${id}Function`, {
        description,
        runtime: lambda.Runtime.NODEJS_22_X,
        architecture: options.architecture ?? lambda.Architecture.ARM_64,
        handler: 'index.handler',
        code: lambda.Code.fromAsset(join(props.assetsDir, `${name}.zip`)),
        memorySize: options.memorySize ?? 512,
        timeout: options.timeout ?? Duration.seconds(10),
        environment: {
          NODE_OPTIONS: '--enable-source-maps',
          LOG_LEVEL: 'info',
          ...environment,
        },
        logGroup: new logs.LogGroup(this, `${id}Logs`, {
          retention: logs.RetentionDays.ONE_MONTH,
          removalPolicy: RemovalPolicy.DESTROY,
        }),
      });
    };

    const jobsQueueEnvironment = {
      JOBS_QUEUE_URL: jobs.queueUrl,
      JOBS_DEAD_LETTER_QUEUE_URL: jobsDeadLetters.queueUrl,
    };
    const http = fn('http', 'REST API door: API Gateway events to the HTTP route table', {
      TABLE_NAME: table.tableName,
      BUCKET_NAME: bucket.bucketName,
      CORS_ORIGINS: props.corsOrigins.join(','),
      ...jobsQueueEnvironment,
    });
    table.grant(http, ...TABLE_ITEM_ACTIONS);
    // Object routes sign presigned URLs with this role, so it may read and write the objects.
    http.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        resources: [bucket.arnForObjects('*')],
      }),
    );
    http.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
    );

    // Payments and exports send jobs; the operations routes count, list and redrive them
    // (SQS's message move task reads and deletes the dead letters and sends them back).
    jobs.grantSendMessages(http);
    http.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['sqs:GetQueueAttributes'],
        resources: [jobs.queueArn, jobsDeadLetters.queueArn],
      }),
    );
    http.addToRolePolicy(
      new iam.PolicyStatement({
        actions: [
          'sqs:ReceiveMessage',
          'sqs:DeleteMessage',
          'sqs:StartMessageMoveTask',
          'sqs:ListMessageMoveTasks',
        ],
        resources: [jobsDeadLetters.queueArn],
      }),
    );

    const stream = fn(
      'dynamodb-stream',
      'Table stream (the outbox) to EventBridge',
      { EVENT_BUS_NAME: bus.eventBusName, EVENT_SOURCE },
      { timeout: Duration.seconds(30) },
    );
    stream.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: 10,
        onFailure: new SqsDlq(failedDeliveries),
      }),
    );
    bus.grantPutEventsTo(stream);

    const eventTarget = fn(
      'eventbridge-target',
      'Domain event consumers (idempotent), e.g. notifications to SNS',
      {
        TABLE_NAME: table.tableName,
        TOPIC_ARN: topic.topicArn,
        ...jobsQueueEnvironment,
        ...(props.ruleSettings?.salesAddress
          ? { SALES_ADDRESS: props.ruleSettings.salesAddress }
          : {}),
      },
      { timeout: Duration.seconds(30) },
    );
    // Dedupe marks only: read one, write one.
    table.grant(eventTarget, 'dynamodb:GetItem', 'dynamodb:PutItem');
    topic.grantPublish(eventTarget);
    // Reactions send jobs (a new user's signup, a new order's fulfilment).
    jobs.grantSendMessages(eventTarget);
    new events.Rule(this, 'DomainEvents', {
      eventBus: bus,
      eventPattern: { source: [EVENT_SOURCE] },
      targets: [
        new targets.LambdaFunction(eventTarget, {
          deadLetterQueue: failedDeliveries,
          retryAttempts: 8,
          maxEventAge: Duration.hours(2),
        }),
      ],
    });
    // The event rules (domain/messaging/rules): EventBridge evaluates them; the same function
    // runs each one's target by its name (the high-value rule flags orders: Get/Put above).
    addEventRules(this, {
      bus,
      rules: appRules(modules, { source: EVENT_SOURCE, ...props.ruleSettings }),
      target: eventTarget,
      jobs,
      failedDeliveries,
    });

    // Objects created under a module's prefix (uploads through the API, or files put there
    // directly) are handled by this function (inventory/: CSV imports); S3 invokes it
    // asynchronously, so a failed one is retried twice and then kept in the failed-deliveries queue.
    const objectCreated = fn(
      'object-created',
      `Handles objects created under ${objectPrefixes.join(', ')} in the bucket`,
      { TABLE_NAME: table.tableName, BUCKET_NAME: bucket.bucketName },
      { memorySize: 1024, timeout: Duration.minutes(15) },
    );
    // Import records (Get/Put), stock levels (BatchGet + BatchWrite of 25), nothing else.
    table.grant(
      objectCreated,
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:BatchGetItem',
      'dynamodb:BatchWriteItem',
    );
    objectCreated.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: objectPrefixes.map((prefix) => bucket.arnForObjects(`${prefix}*`)),
      }),
    );
    new lambda.EventInvokeConfig(this, 'ObjectCreatedInvokeConfig', {
      function: objectCreated,
      retryAttempts: 2,
      onFailure: new lambdaDestinations.SqsDestination(failedDeliveries),
    });
    for (const prefix of objectPrefixes) {
      bucket.addEventNotification(
        s3.EventType.OBJECT_CREATED,
        new s3n.LambdaDestination(objectCreated),
        { prefix },
      );
    }

    // Objects under a prefix whose module runs in a function of its own: images (sharp, whose
    // zip carries the linux-x64 binary, hence x86_64) and documents (PDF.js). One notification
    // per suffix, as S3 filters take one prefix and one suffix each (case-sensitive). Each reads
    // only its prefix and writes only its results under processed/<prefix>.
    for (const own of ownFunctions) {
      const handler = fn(
        own.name as FunctionName,
        own.description,
        {
          TABLE_NAME: table.tableName,
          BUCKET_NAME: bucket.bucketName,
          // glibc's default of 8 arenas per core lets libvips' threads fragment the heap: RSS
          // over 100 images rose far above one image's (README, bench:images); 2 keeps it lower.
          MALLOC_ARENA_MAX: '2',
        },
        {
          memorySize: 1024,
          timeout: Duration.minutes(2),
          architecture: NATIVE_PACKAGES[own.name]?.some((pkg) => pkg.cpu === 'x64')
            ? lambda.Architecture.X86_64
            : lambda.Architecture.ARM_64,
        },
      );
      // Work records: read one, write one (conditional PutItem).
      table.grant(handler, 'dynamodb:GetItem', 'dynamodb:PutItem');
      handler.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['s3:GetObject'],
          resources: [bucket.arnForObjects(`${own.prefix}*`)],
        }),
      );
      handler.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['s3:PutObject'],
          resources: [bucket.arnForObjects(`processed/${own.prefix}*`)],
        }),
      );
      new lambda.EventInvokeConfig(this, `${pascal(own.name)}InvokeConfig`, {
        function: handler,
        retryAttempts: 2,
        onFailure: new lambdaDestinations.SqsDestination(failedDeliveries),
      });
      for (const suffix of own.suffixes) {
        bucket.addEventNotification(
          s3.EventType.OBJECT_CREATED,
          new s3n.LambdaDestination(handler),
          { prefix: own.prefix, suffix },
        );
      }
    }
    // The jobs queue's consumer: batches of 10, only the failed jobs returned
    // (ReportBatchItemFailures); after three receives SQS moves a job to the dead letters.
    const sqsJobs = fn(
      'sqs-jobs',
      'Messaging jobs: signup, order fulfilment, payments, data exports',
      {
        TABLE_NAME: table.tableName,
        TOPIC_ARN: topic.topicArn,
        BUCKET_NAME: bucket.bucketName,
        ...jobsQueueEnvironment,
      },
      { memorySize: 1024, timeout: jobsTimeout },
    );
    sqsJobs.addEventSource(
      new SqsEventSource(jobs, {
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(1),
        reportBatchItemFailures: true,
      }),
    );
    // Orders, stock, users and the messaging documents: the services the handlers call.
    table.grant(sqsJobs, ...TABLE_ITEM_ACTIONS);
    topic.grantPublish(sqsJobs);
    // Jobs that can never succeed are sent to the dead letters with their reason.
    jobsDeadLetters.grantSendMessages(sqsJobs);
    // Exports are written under exports/ and signed for download with this role.
    sqsJobs.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject', 's3:GetObject', 's3:AbortMultipartUpload'],
        resources: [bucket.arnForObjects('exports/*')],
      }),
    );

    const schedule = fn(
      'schedule',
      "Scheduled jobs (the store heartbeat and every module's schedules)",
      { TABLE_NAME: table.tableName },
      { timeout: Duration.minutes(1) },
    );
    // The one job today reads an (absent) item to prove the table answers.
    table.grant(schedule, 'dynamodb:GetItem');
    for (const { name: job, cron, description } of scheduleDefinitions(modules, 'aws')) {
      new events.Rule(this, `Schedule${pascal(job)}`, {
        description,
        schedule: events.Schedule.expression(cronToEventBridge(cron)),
        // The handler runs the job named in `detail.job` (createScheduleHandler).
        targets: [
          new targets.LambdaFunction(schedule, {
            retryAttempts: 2,
            event: events.RuleTargetInput.fromObject({
              id: events.EventField.eventId,
              'detail-type': events.EventField.detailType,
              source: events.EventField.source,
              time: events.EventField.time,
              detail: { job },
            }),
          }),
        ],
      });
    }

    // Lottery draws: a Step Functions state machine from the module's ASL document.
    addLotteryDraws(this, { fn, table, topic, http });

    // The live feed (issue #17): a WebSocket API and the broadcast of every domain event.
    if (modules.includes(liveModule)) addLiveSocket(this, { fn, table, bus, stageName });

    // REST API: every path to the HTTP function; API key, throttling and CORS at the edge.
    const api = new apigateway.LambdaRestApi(this, 'Api', {
      handler: http,
      proxy: true,
      description: 'One core, three doors: the HTTP route table behind API Gateway',
      endpointTypes: [apigateway.EndpointType.REGIONAL],
      cloudWatchRole: false,
      apiKeySourceType: apigateway.ApiKeySourceType.HEADER,
      defaultMethodOptions: { apiKeyRequired: true },
      // Preflights carry no API key, so API Gateway answers them itself (keyless OPTIONS).
      defaultCorsPreflightOptions: {
        allowOrigins: [...props.corsOrigins],
        allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
        // The function's own list, so the edge and the door never disagree on what the console sends.
        allowHeaders: [...CORS_ALLOW_HEADERS],
        exposeHeaders: [...CORS_EXPOSE_HEADERS],
        maxAge: Duration.minutes(10),
      },
      deployOptions: {
        stageName,
        throttlingRateLimit: 100,
        throttlingBurstLimit: 200,
        metricsEnabled: true,
      },
    });
    // Security (issue 15): /health and /openapi.json stay open to load balancers and readers of
    // the API, as on every door: GET on each without the usage-plan key. The function checks
    // every other request's own credential itself (AUTH unset means required).
    const openIntegration = new apigateway.LambdaIntegration(http);
    for (const [id, pathPart] of [
      ['OpenHealth', 'health'],
      ['OpenApiDocument', 'openapi.json'],
    ] as const) {
      // LambdaRestApi refuses root.addResource (proxy: true); a Resource under the root is the same.
      new apigateway.Resource(this, id, { parent: api.root, pathPart }).addMethod(
        'GET',
        openIntegration,
        { apiKeyRequired: false },
      );
    }
    const plan = api.addUsagePlan('UsagePlan', {
      description: 'Clients of the REST API',
      throttle: { rateLimit: 100, burstLimit: 200 },
    });
    plan.addApiStage({ stage: api.deploymentStage });
    const key = api.addApiKey('ApiKey', { description: 'Default client key' });
    plan.addApiKey(key);

    // Operations (issue 17): the ops topic, its notifier, the error-log subscriptions and every
    // alarm. Keep it last: it walks the stack for the functions, queues, APIs and state machines.
    const operations = addOperations(this, { fn, topic, bus, failedDeliveries });
    new CfnOutput(this, 'OpsTopicArn', { value: operations.opsTopic.topicArn });

    new CfnOutput(this, 'ApiUrl', { value: api.url, description: 'Invoke URL (with the stage)' });
    new CfnOutput(this, 'ApiKeyId', {
      value: key.keyId,
      description: 'aws apigateway get-api-key --include-value --api-key <id> gives the key',
    });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'BucketName', { value: bucket.bucketName });
    new CfnOutput(this, 'TopicArn', { value: topic.topicArn });
    new CfnOutput(this, 'EventBusName', { value: bus.eventBusName });
    new CfnOutput(this, 'JobsQueueUrl', { value: jobs.queueUrl });
    new CfnOutput(this, 'JobsDeadLetterQueueUrl', { value: jobsDeadLetters.queueUrl });
  }
}
