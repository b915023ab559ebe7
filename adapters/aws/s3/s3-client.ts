import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

type Env = Record<string, string | undefined>;

const CHECKSUM_MODES = ['WHEN_SUPPORTED', 'WHEN_REQUIRED'] as const;
type ChecksumMode = (typeof CHECKSUM_MODES)[number];

const checksumMode = (value: string | undefined): ChecksumMode | undefined => {
  const upper = value?.toUpperCase();
  return CHECKSUM_MODES.find((mode) => mode === upper);
};

/**
 * Builds the S3 client once per container (module scope in a Lambda, once per server): it owns
 * a keep-alive connection pool and a credentials cache.
 *
 * Region: AWS_REGION, us-east-1 when absent. Endpoint: AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL
 * (the SDK's own variable names) for emulators such as s3rver; with an endpoint, buckets are
 * addressed by path (`http://host:port/bucket/key`) since an emulator has no per-bucket DNS.
 * AWS_REQUEST_CHECKSUM_CALCULATION (WHEN_SUPPORTED | WHEN_REQUIRED) is honoured from `env` too:
 * emulators that predate the SDK's default checksums need WHEN_REQUIRED. Variables are read
 * from `env`, not process.env, so a test can point two stores at two places; keys given there
 * are static credentials, otherwise the SDK's default provider chain applies.
 */
export const createS3Client = (env: Env = process.env): S3Client => {
  const endpoint = env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined;
  const checksums = checksumMode(env.AWS_REQUEST_CHECKSUM_CALCULATION);
  const config: S3ClientConfig = {
    region: env.AWS_REGION || 'us-east-1',
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
    ...(checksums ? { requestChecksumCalculation: checksums } : {}),
  };
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    config.credentials = {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    };
  }
  return new S3Client(config);
};
