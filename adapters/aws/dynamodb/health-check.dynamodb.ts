import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { HealthCheck } from '../../../ports/health-check.port';

/**
 * Reads one (absent) item: proves the endpoint, the credentials, the read permission and the
 * table in one cheap call, with no extra IAM permission (DescribeTable would need one).
 */
export class DynamoDbHealthCheck implements HealthCheck {
  readonly name = 'dynamodb';

  constructor(private readonly options: { doc: DynamoDBDocumentClient; tableName: string }) {}

  async check(): Promise<void> {
    await this.options.doc.send(
      new GetCommand({ TableName: this.options.tableName, Key: { pk: 'HEALTH', sk: 'HEALTH' } }),
    );
  }
}
