import { CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { EVENT_SOURCE } from '../config';
import type { FunctionFactory } from './function-factory';

export interface LiveSocketProps {
  fn: FunctionFactory;
  table: dynamodb.Table;
  bus: events.EventBus;
  stageName: string;
}

/** The message routes: `action` picks one (`$request.body.action`), anything else is `$default`. */
export const LIVE_ROUTES = ['$connect', '$disconnect', '$default', 'sendMessage'] as const;

/**
 * The live feed on AWS (README, "Live feed"): an API Gateway WebSocket API whose routes all go
 * to the live-socket function, connections kept as items of the table (TTL'd), and the
 * live-broadcast function on a rule taking every domain event from the bus to PostToConnection.
 * Both push frames, so both may manage the stage's connections, and nothing else.
 */
export const addLiveSocket = (scope: Construct, { fn, table, bus, stageName }: LiveSocketProps) => {
  const api = new apigwv2.WebSocketApi(scope, 'LiveSocketApi', {
    description: 'Live event feed (the protocol in the README)',
    routeSelectionExpression: '$request.body.action',
  });
  const stage = new apigwv2.WebSocketStage(scope, 'LiveSocketStage', {
    webSocketApi: api,
    stageName,
    autoDeploy: true,
    throttle: { rateLimit: 50, burstLimit: 100 },
  });
  const environment = { TABLE_NAME: table.tableName, LIVE_CALLBACK_URL: stage.callbackUrl };
  // PostToConnection only (POST): stage.grantManagementApiAccess would also allow GET (read a
  // connection) and DELETE (disconnect one), which neither function does.
  const postToConnections = new iam.PolicyStatement({
    actions: ['execute-api:ManageConnections'],
    resources: [
      Stack.of(scope).formatArn({
        service: 'execute-api',
        resource: api.apiId,
        resourceName: `${stageName}/POST/@connections/*`,
      }),
    ],
  });

  const socket = fn(
    'live-socket',
    'Live feed WebSocket routes: $connect (credentials), $disconnect, subscribe and sendMessage',
    environment,
  );
  const integration = new WebSocketLambdaIntegration('LiveSocketIntegration', socket);
  for (const route of LIVE_ROUTES) api.addRoute(route, { integration });
  // Connections (Put, Get, Update, Delete, Query to broadcast) and the API keys it checks (Get).
  table.grant(
    socket,
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:Query',
  );
  socket.addToRolePolicy(postToConnections);

  const broadcast = fn(
    'live-broadcast',
    'Every domain event to the live clients subscribed to its type (PostToConnection)',
    environment,
    { timeout: Duration.seconds(30) },
  );
  // Lists the connections; deletes those PostToConnection finds gone.
  table.grant(broadcast, 'dynamodb:Query', 'dynamodb:DeleteItem');
  broadcast.addToRolePolicy(postToConnections);
  // Best-effort, as the feed promises: a few retries while the event is fresh, no dead letters
  // (a live event delivered hours late is noise; the reactions' rule keeps the durable path).
  new events.Rule(scope, 'LiveFeedEvents', {
    eventBus: bus,
    description: 'Every domain event to the live feed',
    eventPattern: { source: [EVENT_SOURCE] },
    targets: [
      new targets.LambdaFunction(broadcast, {
        retryAttempts: 2,
        maxEventAge: Duration.minutes(5),
      }),
    ],
  });

  new CfnOutput(scope, 'LiveSocketUrl', {
    value: stage.url,
    description: 'wss:// URL of the live feed (?token=<API key>)',
  });
  return { api, stage, socket, broadcast };
};
