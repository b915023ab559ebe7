import type { DomainEvent, EventDraft } from '../shared/domain-event';
import type { StockLevel } from './stock-level';

export type OutOfStock = DomainEvent<
  'inventory.out_of_stock',
  { store: string; item: string; previousCount: number | null; version: number }
>;
export type InventoryEvent = OutOfStock;

/**
 * The events a change of stock level means: an item reaching 0 from anything else (a positive
 * count, or no record at all) is out of stock; staying at 0 is not news. Shared by the service
 * (embedded outbox) and change feeds (DynamoDB Streams), so every platform raises the same.
 */
export const stockEventsFor = (
  before: StockLevel | null,
  after: StockLevel | null,
): EventDraft<InventoryEvent>[] => {
  if (after?.count !== 0 || before?.count === 0) return [];
  return [
    {
      type: 'inventory.out_of_stock',
      aggregateType: 'stock',
      aggregateId: `${after.store}/${after.item}`,
      payload: {
        store: after.store,
        item: after.item,
        previousCount: before ? before.count : null,
        version: after.version,
      },
    },
  ];
};
