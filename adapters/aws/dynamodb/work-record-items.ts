import type * as z from 'zod/mini';
import type { EventDraft } from '../../../domain/shared/domain-event';
import { readStored } from '../../../domain/shared/stored-record';
import type { WorkRecord } from '../../../domain/shared/work-record';
import { eventsOfImages, type Item, type ItemKind } from './item-kind';
import { GSI1, type ItemKey, shardOf, shardPartitions } from './table-design';

/**
 * A kind of work record in the single table:
 *
 * | item          | pk            | sk      | gsi1pk / gsi1sk                         |
 * | image record  | `IMAGE#<id>`  | `IMAGE` | `IMAGES#<shard 0-3>` / `IMAGE#<id>`       |
 *
 * (documents alike, with DOCUMENT). The list is write-sharded as users are: one constant gsi1
 * partition would take every write.
 */
export interface WorkRecordKind<R extends WorkRecord> {
  /** `image`: the item kind's name; keys are its upper case. */
  name: string;
  schema: z.ZodMiniType<R>;
  eventsFor(before: R | null, after: R | null): EventDraft[];
}

export const workRecordKeys = (name: string) => {
  const tag = name.toUpperCase();
  return {
    key: (id: string): ItemKey => ({ pk: `${tag}#${id}`, sk: tag }),
    listPartitions: () => shardPartitions(`${tag}S#`),
    listPrefix: `${tag}#`,
    listKeys: (id: string) => ({ gsi1pk: `${tag}S#${shardOf(id)}`, gsi1sk: `${tag}#${id}` }),
    index: GSI1,
    kindKey: { pk: `${tag}#`, sk: tag },
  };
};

export const itemToWorkRecord = <R extends WorkRecord>(kind: WorkRecordKind<R>, item: Item): R =>
  readStored(kind.schema, item, `${kind.name} record`) as R;

/** Its item kind: its stream images raise the events the domain's rule gives. */
export const workRecordItemKind = <R extends WorkRecord>(kind: WorkRecordKind<R>): ItemKind => ({
  name: kind.name,
  key: workRecordKeys(kind.name).kindKey,
  events: eventsOfImages((item) => itemToWorkRecord(kind, item), kind.eventsFor),
});
