/**
 * `native`: TransactWriteItems (AWS, and any emulator that has it). `sequential`: the same writes
 * one by one with compensation, NOT atomic, for dynalite in tests only (see transaction-writer.ts).
 * Its own module, free of the SDK, so a function's config can name it without loading the SDK.
 */
export const TRANSACTION_MODES = ['native', 'sequential'] as const;
export type TransactionMode = (typeof TRANSACTION_MODES)[number];
