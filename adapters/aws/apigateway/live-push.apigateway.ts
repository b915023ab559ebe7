import {
  type ApiGatewayManagementApiClient,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import type { LivePush } from '../../../ports/live-push.port';

/**
 * Frames to API Gateway WebSocket clients through the management API's PostToConnection, on the
 * stage's callback URL (`https://<api>.execute-api.<region>.amazonaws.com/<stage>`). A
 * GoneException (410) means the client disconnected without a $disconnect reaching us: the
 * connection is gone for good.
 */
export class ApiGatewayLivePush implements LivePush {
  constructor(private readonly client: ApiGatewayManagementApiClient) {}

  async post(connectionId: string, frame: string): Promise<'sent' | 'gone'> {
    try {
      await this.client.send(
        new PostToConnectionCommand({
          ConnectionId: connectionId,
          Data: new TextEncoder().encode(frame),
        }),
      );
      return 'sent';
    } catch (error) {
      if (error instanceof Error && error.name === 'GoneException') return 'gone';
      throw error;
    }
  }
}
