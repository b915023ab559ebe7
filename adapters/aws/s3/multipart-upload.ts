import {
  AbortMultipartUploadCommand,
  type CompletedPart,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';

/** S3's floor for every part but the last. */
export const MIN_PART_BYTES = 5 * 1024 * 1024;

export interface UploadTarget {
  client: S3Client;
  bucket: string;
  key: string;
  contentType: string;
  metadata: Record<string, string>;
}

export interface Uploaded {
  etag: string;
  size: number;
}

/** Cuts a stream into parts of exactly `size` bytes; the last is shorter (empty only if all is). */
export async function* partsOf(source: AsyncIterable<Uint8Array>, size: number) {
  let chunks: Uint8Array[] = [];
  let buffered = 0;
  let yielded = false;
  for await (const chunk of source) {
    chunks.push(chunk);
    buffered += chunk.byteLength;
    while (buffered >= size) {
      const all = Buffer.concat(chunks, buffered);
      yield all.subarray(0, size);
      yielded = true;
      chunks = [all.subarray(size)];
      buffered -= size;
    }
  }
  if (buffered > 0 || !yielded) yield Buffer.concat(chunks, buffered);
}

/** One PUT with a known length: what S3 needs without chunked (aws-chunked) encoding. */
export const putBytes = async (target: UploadTarget, bytes: Uint8Array): Promise<Uploaded> => {
  const out = await target.client.send(
    new PutObjectCommand({
      Bucket: target.bucket,
      Key: target.key,
      Body: bytes,
      ContentLength: bytes.byteLength,
      ContentType: target.contentType,
      Metadata: target.metadata,
    }),
  );
  if (!out.ETag) throw new Error('S3 answered a PUT without an ETag');
  return { etag: out.ETag, size: bytes.byteLength };
};

/**
 * Streams a body of unknown length to S3 holding at most two parts in memory: a body that
 * fits in one part is a single PUT, anything longer a multipart upload, aborted on any
 * failure so no parts are left billed. Parts go one at a time; each carries a CRC32 that
 * S3 checks, and the completion lists them as S3 requires for a checksummed upload.
 * Largest object: 10,000 parts of `partSize`.
 * (@aws-sdk/lib-storage's Upload does the same with parallel parts; it is not a dependency.)
 */
export const uploadStream = async (
  target: UploadTarget,
  source: AsyncIterable<Uint8Array>,
  partSize: number,
): Promise<Uploaded> => {
  const parts = partsOf(source, partSize);
  try {
    const first = await parts.next();
    const firstPart = first.done ? Buffer.alloc(0) : first.value;
    const second = await parts.next();
    if (second.done) return await putBytes(target, firstPart);

    const Bucket = target.bucket;
    const Key = target.key;
    const { UploadId } = await target.client.send(
      new CreateMultipartUploadCommand({
        Bucket,
        Key,
        ContentType: target.contentType,
        Metadata: target.metadata,
        ChecksumAlgorithm: 'CRC32',
      }),
    );
    try {
      const completed: CompletedPart[] = [];
      let size = 0;
      const upload = async (body: Buffer) => {
        const PartNumber = completed.length + 1;
        const out = await target.client.send(
          new UploadPartCommand({
            Bucket,
            Key,
            UploadId,
            PartNumber,
            Body: body,
            ContentLength: body.byteLength,
            ChecksumAlgorithm: 'CRC32',
          }),
        );
        completed.push({
          PartNumber,
          ETag: out.ETag,
          ...(out.ChecksumCRC32 ? { ChecksumCRC32: out.ChecksumCRC32 } : {}),
        });
        size += body.byteLength;
      };
      await upload(firstPart);
      await upload(second.value);
      for (let next = await parts.next(); !next.done; next = await parts.next()) {
        await upload(next.value);
      }
      const done = await target.client.send(
        new CompleteMultipartUploadCommand({
          Bucket,
          Key,
          UploadId,
          MultipartUpload: { Parts: completed },
        }),
      );
      if (!done.ETag) throw new Error('S3 completed an upload without an ETag');
      return { etag: done.ETag, size };
    } catch (error) {
      await target.client
        .send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId }))
        .catch(() => undefined); // the bucket's lifecycle rule for incomplete uploads is the backstop
      throw error;
    }
  } finally {
    await parts.return(undefined);
  }
};
