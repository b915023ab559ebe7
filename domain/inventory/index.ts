/** What other domains may use of inventory. */
export { InsufficientStockError, StockNotFoundError } from './inventory-errors';
export type { InventoryService } from './inventory-service';
export type { StockKey } from './stock-level';
