import type { TableEntity } from '@azure/data-tables';
import { type DrawRecord, drawRecordSchema } from '../../../domain/lottery/draw-record';
import type { Page, PageRequest } from '../../../domain/shared/pagination';
import { readStoredJson } from '../../../domain/shared/stored-record';
import type { DrawStore } from '../../../ports/draw-store.port';
import { isStatus } from '../storage-errors';
import { jsonOfParts, jsonPartsOf } from './json-parts';
import { DRAW_LIST_PARTITION, DRAW_PARTITIONS, DRAW_ROW, drawPartition } from './lottery-keys';
import { NewestFirstIndex } from './newest-first-index';
import type { Row } from './optimistic-write';
import { prefixEnd } from './table-keys';
import { queryAll } from './table-page';
import type { TableStore } from './table-store';

const toEntity = (draw: DrawRecord): TableEntity => ({
  partitionKey: drawPartition(draw.id),
  rowKey: DRAW_ROW,
  status: draw.status,
  ...jsonPartsOf(draw, `Draw ${draw.id}`),
});
const toDraw = (row: Row) => readStoredJson(drawRecordSchema, jsonOfParts(row), 'draw');

/** A draw is a partition of its own; the list of draws is a partition of pointers to them. */
export class TableDrawStore implements DrawStore {
  private readonly listed: NewestFirstIndex;

  constructor(private readonly store: TableStore) {
    this.listed = new NewestFirstIndex(store, DRAW_LIST_PARTITION);
  }

  async create(draw: DrawRecord): Promise<boolean> {
    try {
      await this.store.records.createEntity(toEntity(draw));
    } catch (error) {
      if (isStatus(error, 409)) return false;
      throw error;
    }
    await this.listed.add(draw);
    return true;
  }

  async save(draw: DrawRecord): Promise<void> {
    await this.store.records.upsertEntity(toEntity(draw), 'Replace');
    await this.listed.add(draw);
  }

  async find(id: string): Promise<DrawRecord | null> {
    const row = await this.store.read(drawPartition(id), DRAW_ROW);
    return row ? toDraw(row) : null;
  }

  async unfinished(): Promise<DrawRecord[]> {
    const rows = await queryAll(
      this.store.records,
      `PartitionKey ge '${DRAW_PARTITIONS}' and PartitionKey lt '${prefixEnd(DRAW_PARTITIONS)}' and status eq 'running'`,
    );
    return rows.map(toDraw);
  }

  list(page: PageRequest): Promise<Page<DrawRecord>> {
    return this.listed.page(page, (id) => this.find(id));
  }
}
