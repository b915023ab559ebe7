import type { Order } from '../orders';
import { csvField } from '../shared/csv-field';
import type { Page, PageRequest } from '../shared/pagination';
import { updateRecord } from '../shared/versioned-records';
import { type MessageOf, PermanentMessageError } from './job-messages';
import type { MessagingPorts } from './messaging-ports';
import { COLLECTIONS, EXPORT_URL_SECONDS, type ExportRecord } from './records';
import { closeExport } from './stalled-exports';

export const EXPORT_COLUMNS = [
  'order_id',
  'user_id',
  'status',
  'currency',
  'total_minor',
  'items',
  'created_at',
] as const;

/** How many orders are read, and written to the object, at a time. */
const PAGE_SIZE = 100;

export const csvLine = (order: Order): string =>
  `${[
    order.id,
    order.userId,
    order.status,
    order.currency,
    order.total,
    order.items.reduce((sum, item) => sum + item.quantity, 0),
    order.createdAt,
  ]
    .map(csvField)
    .join(',')}\r\n`;

/**
 * The CSV of the orders `list` returns, a page at a time: only one page is ever held, whatever
 * the number of orders. `tally` counts rows and bytes as they go out.
 */
export async function* exportCsv(
  list: (page: PageRequest) => Promise<Page<Order>>,
  tally: { rows: number; bytes: number },
): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  const header = encoder.encode(`${EXPORT_COLUMNS.join(',')}\r\n`);
  tally.bytes += header.byteLength;
  yield header;
  let cursor: string | undefined;
  do {
    const page = await list({ limit: PAGE_SIZE, cursor });
    if (page.items.length > 0) {
      const chunk = encoder.encode(page.items.map(csvLine).join(''));
      tally.rows += page.items.length;
      tally.bytes += chunk.byteLength;
      yield chunk;
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
}

/**
 * Writes the export's CSV (one user's orders, or everyone's) to the object store as a stream,
 * then records its size and a download link valid 24 hours and sends the link. A completed
 * export is not redone; one cut short is written again from the start (same key).
 */
export const handleDataExport =
  (ports: MessagingPorts) =>
  async ({ exportId }: MessageOf<'data_export'>): Promise<void> => {
    const stored = await ports.docs.get<ExportRecord>(COLLECTIONS.export, exportId);
    if (!stored) throw new PermanentMessageError(`Export ${exportId} does not exist`);
    if (stored.value.status === 'completed') return;
    const save = (changes: Partial<ExportRecord>) =>
      updateRecord<ExportRecord>(ports.docs, COLLECTIONS.export, exportId, (before) => ({
        ...(before ?? stored.value),
        ...changes,
      }));
    await save({ status: 'running' });
    const { userId, key } = stored.value;
    const tally = { rows: 0, bytes: 0 };
    const filter = userId === null ? {} : { userId };
    const info = await ports.objects.put(
      key,
      exportCsv((page) => ports.orders.list(filter, page), tally),
      { contentType: 'text/csv; charset=utf-8' },
    );
    const url = await ports.objects.presignGet(key, EXPORT_URL_SECONDS);
    const now = ports.clock.now();
    await save({
      status: 'completed',
      rows: tally.rows,
      bytes: info.size,
      url,
      urlExpiresAt: new Date(now.getTime() + EXPORT_URL_SECONDS * 1000).toISOString(),
      completedAt: now.toISOString(),
    });
    await closeExport(ports, exportId);
    const user = userId === null ? null : await ports.users.get(userId).catch(() => null);
    await ports.notifier.notify({
      subject: `Your export ${exportId} is ready`,
      message: `${tally.rows} orders, ${info.size} bytes. Download it within 24 hours: ${url}`,
      attributes: {
        type: 'data_export',
        exportId,
        to: user?.email ?? 'admin',
        userId: userId ?? '',
      },
    });
  };
