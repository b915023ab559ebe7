/** What other domains may use of inventory. */
export { InsufficientStockError, StockNotFoundError } from './inventory-errors';
export { type InventoryService, UPLOAD_PREFIX } from './inventory-service';
export type { StockKey, StockLevel } from './stock-level';
