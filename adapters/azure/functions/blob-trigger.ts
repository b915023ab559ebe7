import type { InvocationContext, StorageBlobHandler } from '@azure/functions';
import type { Logger } from '../../../ports/logger.port';
import type { ObjectInfo } from '../../../ports/object-store.port';
import { decodeMetadata } from '../blob/metadata-names';
import { withInvocation } from './invocation-logger';

/** A blob that appeared in a watched container: the reference the domain works from. */
export interface BlobCreated {
  container: string;
  object: ObjectInfo;
}

type Properties = Record<string, unknown>;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/**
 * Trigger metadata -> BlobCreated. The host passes `BlobTrigger` (`container/key`) and the
 * blob's `Properties` and `Metadata`, camel-cased by the library (`properties.contentLength`,
 * older extensions `length`).
 */
export const blobTriggerToCreated = (blob: unknown, context: InvocationContext): BlobCreated => {
  const meta = context.triggerMetadata ?? {};
  const path = text(meta.blobTrigger);
  if (!path?.includes('/')) throw new Error('The blob trigger metadata has no blobTrigger path');
  const at = path.indexOf('/');
  const properties = (meta.properties ?? {}) as Properties;
  const size = Number(
    properties.contentLength ?? properties.length ?? (blob instanceof Uint8Array ? blob.length : 0),
  );
  const lastModified = text(properties.lastModified);
  return {
    container: path.slice(0, at),
    object: {
      key: path.slice(at + 1),
      size,
      etag: text(properties.eTag) ?? text(properties.etag) ?? '',
      contentType: text(properties.contentType) ?? 'application/octet-stream',
      lastModified: lastModified ? new Date(lastModified) : new Date(0),
      metadata: decodeMetadata((meta.metadata ?? {}) as Record<string, string>),
    },
  };
};

/**
 * The blob-created door: what arrived is handed on as a reference, never as its bytes (the
 * domain streams it through the ObjectStore). A failure is rethrown: the host retries the
 * blob and, after five attempts, writes it to the `webjobs-blobtrigger-poison` queue.
 */
export const blobTriggerHandler =
  (onCreated: (created: BlobCreated) => Promise<void>, logger: Logger): StorageBlobHandler =>
  (blob, context) =>
    withInvocation(context, async () => {
      const created = blobTriggerToCreated(blob, context);
      const fields = { container: created.container, key: created.object.key };
      try {
        await onCreated(created);
      } catch (error) {
        logger.error({ ...fields, err: error }, 'blob handling failed; the host will retry it');
        throw error;
      }
      logger.info({ ...fields, size: created.object.size }, 'blob handled');
    });
