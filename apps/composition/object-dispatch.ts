import type { Logger } from '../../ports/logger.port';
import type { ObjectStore } from '../../ports/object-store.port';
import type { WorkSummary } from '../modules/domain-module';
import type { BoundObjectHandler } from './compose-modules';

/** The handler a key belongs to: the module that owns its prefix (the longest, if nested). */
export const handlerOf = (
  handlers: readonly BoundObjectHandler[],
  key: string,
): BoundObjectHandler | undefined =>
  handlers
    .filter((handler) => key.startsWith(handler.prefix))
    .sort((a, b) => b.prefix.length - a.prefix.length)[0];

/**
 * The object-created dispatch every door shares (the server's uploads, S3 notifications, blob
 * triggers, Event Grid): the module owning the key's prefix handles it; a key no module owns is
 * logged and left alone. A handler's failure is thrown, so the platform retries.
 */
export const dispatchObjectCreated =
  (handlers: readonly BoundObjectHandler[], logger: Logger) =>
  async (key: string): Promise<WorkSummary | null> => {
    const handler = handlerOf(handlers, key);
    if (!handler) {
      logger.info({ key }, 'object skipped: no module handles its prefix');
      return null;
    }
    const summary = await handler.onCreated(key);
    logger.info({ key, module: handler.module, ...summary }, 'object handled');
    return summary;
  };

/**
 * At start, what a previous run of a long-lived app accepted but did not finish (the server's
 * queued or interrupted imports): every key under each handler's resume prefix, one by one.
 */
export const resumeUnfinished = async (
  handlers: readonly BoundObjectHandler[],
  objects: ObjectStore,
  logger: Logger,
): Promise<void> => {
  for (const handler of handlers) {
    if (!handler.resume) continue;
    let cursor: string | undefined;
    let resumed = 0;
    do {
      const page = await objects.list(handler.resume.prefix, { limit: 100, cursor });
      for (const { key } of page.items) {
        const summary = await handler.resume.run(key);
        if (!summary) continue;
        resumed += 1;
        logger.info({ key, module: handler.module, ...summary }, 'object handled');
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    if (resumed > 0) logger.info({ module: handler.module, resumed }, 'unfinished work resumed');
  }
};
