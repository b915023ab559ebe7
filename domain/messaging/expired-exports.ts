import { readAll } from '../shared/read-all';
import type { MessagingPorts } from './messaging-ports';
import { COLLECTIONS, EXPORT_PREFIX, EXPORT_URL_SECONDS } from './records';

/** The export an object holds: `exports/<id>.csv`, as requestExport names it. */
const exportIdOf = (key: string): string | undefined => /^exports\/([^/]+)\.csv$/.exec(key)?.[1];

/**
 * Deletes the exports whose download link has expired (EXPORT_URL_SECONDS after the file was
 * written: nobody can fetch it any more, and it holds every order of a user): the record
 * first, then the file, so a run cut short leaves at most a file, which the next run finds
 * and deletes, never a record pointing at nothing. Resolves with the files deleted.
 */
export const purgeExpiredExports = async (
  ports: Pick<MessagingPorts, 'objects' | 'docs' | 'clock'>,
): Promise<string[]> => {
  const cutoff = ports.clock.now().getTime() - EXPORT_URL_SECONDS * 1000;
  const files = await readAll((page) => ports.objects.list(EXPORT_PREFIX, page));
  const expired = files.filter((file) => file.lastModified.getTime() < cutoff);
  for (const { key } of expired) {
    const id = exportIdOf(key);
    if (id !== undefined) await ports.docs.delete(COLLECTIONS.export, id);
    await ports.objects.delete(key);
  }
  return expired.map(({ key }) => key);
};
