import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import type { HealthCheck } from '../../../ports/health-check.port';

/** The bucket exists and these credentials may use it (HeadBucket: 200, else 403/404). */
export class S3BucketHealthCheck implements HealthCheck {
  readonly name = 's3';

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async check(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      // HeadBucket answers without a body, so the SDK's message is often "UnknownError".
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata
        ?.httpStatusCode;
      const name = error instanceof Error ? error.name : 'Error';
      throw new Error(`bucket ${this.bucket} is not usable (${name}${status ? ` ${status}` : ''})`);
    }
  }
}
