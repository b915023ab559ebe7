import { updateRecord } from '../shared/versioned-records';
import { idempotencyKey } from './job-messages';
import type { MessagingPorts } from './messaging-ports';
import { COLLECTIONS, type ExportRecord } from './records';

/**
 * The exports not completed yet, as one small record: the RecordStore lists nothing (on
 * DynamoDB each record is its own partition), and exports are few enough for one index.
 */
interface OpenExports {
  ids: string[];
}
const INDEX_ID = 'open';

/** An export left unfinished this long is sent to the jobs queue again... */
export const EXPORT_STALLED_MS = 60 * 60 * 1000;
/** ...until this old: then it is marked failed, as a job dead-lettered for good is. */
export const EXPORT_ABANDONED_MS = 24 * 60 * 60 * 1000;

const changeIndex = (ports: Pick<MessagingPorts, 'docs'>, change: (ids: string[]) => string[]) =>
  updateRecord<OpenExports>(ports.docs, COLLECTIONS.openExports, INDEX_ID, (before) => {
    const ids = change(before?.ids ?? []);
    return before && ids.length === before.ids.length ? before : { ids };
  });

export const openExport = (ports: Pick<MessagingPorts, 'docs'>, id: string) =>
  changeIndex(ports, (ids) => (ids.includes(id) ? ids : [...ids, id]));

export const closeExport = (ports: Pick<MessagingPorts, 'docs'>, id: string) =>
  changeIndex(ports, (ids) => ids.filter((open) => open !== id));

/**
 * Sends each export left pending or running past EXPORT_STALLED_MS to the queue again (its
 * handler writes a cut-short export again from the start; a completed one is not redone), and
 * marks failed those past EXPORT_ABANDONED_MS. The sends carry a dedup id of their own: the
 * first send's id may still be remembered by the queue, which would drop the new one.
 */
export const redriveStalledExports = async (
  ports: Pick<MessagingPorts, 'docs' | 'jobs' | 'clock'>,
) => {
  const now = ports.clock.now();
  const index = await ports.docs.get<OpenExports>(COLLECTIONS.openExports, INDEX_ID);
  const redriven: string[] = [];
  const failed: string[] = [];
  for (const id of index?.value.ids ?? []) {
    const stored = await ports.docs.get<ExportRecord>(COLLECTIONS.export, id);
    const record = stored?.value;
    if (!record || record.status === 'completed' || record.status === 'failed') {
      await closeExport(ports, id);
      continue;
    }
    const age = now.getTime() - Date.parse(record.createdAt);
    if (age >= EXPORT_ABANDONED_MS) {
      await updateRecord<ExportRecord>(ports.docs, COLLECTIONS.export, id, (before) =>
        before && before.status !== 'completed'
          ? { ...before, status: 'failed' }
          : (before ?? record),
      );
      await closeExport(ports, id);
      failed.push(id);
    } else if (age >= EXPORT_STALLED_MS) {
      const message = { type: 'data_export' as const, exportId: id };
      await ports.jobs.send({
        body: JSON.stringify(message),
        dedupId: `${idempotencyKey(message)}:redrive:${now.toISOString()}`,
      });
      redriven.push(id);
    }
  }
  return { exportsRedriven: redriven, exportsFailed: failed };
};
