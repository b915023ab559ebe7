import crypto from 'node:crypto';
import S3rver from 's3rver';
import { tempDir } from './temp-dir';

/**
 * s3rver 3.7 encrypts ListObjectsV2 continuation tokens with single DES, which OpenSSL 3 (Node
 * 17+) only has in its legacy provider: every truncated listing is a 500. Triple DES with the
 * key repeated three times is the same cipher (EDE with K1 = K2 = K3 is DES) and is in the
 * default provider, so answer s3rver's `'des'` with that; any other algorithm is untouched.
 */
const shimSingleDes = () => {
  type CipherFactory = (algorithm: string, key: Buffer, iv: Buffer) => unknown;
  const target = crypto as unknown as Record<'createCipheriv' | 'createDecipheriv', CipherFactory>;
  for (const name of ['createCipheriv', 'createDecipheriv'] as const) {
    const original = target[name] as CipherFactory & { desShim?: true };
    if (original.desShim) continue;
    const shimmed: CipherFactory & { desShim?: true } = (algorithm, key, iv) =>
      algorithm === 'des' && key.length === 8
        ? original('des-ede3-cbc', Buffer.concat([key, key, key]), iv)
        : original(algorithm, key, iv);
    shimmed.desShim = true;
    target[name] = shimmed;
  }
};

/** s3rver accepts this dummy key pair (and no other). */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface S3rverInstance {
  /** `http://127.0.0.1:<port>`: give it as AWS_ENDPOINT_URL. */
  endpoint: string;
  bucket: string;
  /** The settings createS3Client reads, pointing at this emulator. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * s3rver in-process on a free loopback port, its data in a temp dir, one bucket created, with
 * the bucket configurations given (S3's XML documents, such as a CORSConfiguration).
 */
export const startS3rver = async (
  bucket = 'test-bucket',
  configs: string[] = [],
): Promise<S3rverInstance> => {
  shimSingleDes();
  const dir = tempDir('s3rver-');
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: dir.path,
    configureBuckets: [{ name: bucket, configs }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    env: {
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: endpoint,
      AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
      // Streamed uploads otherwise go out aws-chunked, which s3rver stores framing and all.
      AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
      S3_BUCKET: bucket,
    },
    stop: async () => {
      await server.close();
      dir.remove();
    },
  };
};
