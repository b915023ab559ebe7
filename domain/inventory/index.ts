/** What other domains may use of inventory. */
export { InsufficientStockError, StockNotFoundError } from './inventory-errors';
export type { OutOfStock } from './inventory-events';
export { type InventoryService, UPLOAD_PREFIX } from './inventory-service';
export type { StockKey, StockLevel } from './stock-level';
