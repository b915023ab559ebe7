import { describe, expect, it } from 'vitest';
import { DEFAULT_TAX_RATES, taxFor } from '../../domain/messaging/tax';

describe('tax from the rate table, in minor units', () => {
  it.each([
    [2500, 'EUR', 500, 2000],
    [1, 'EUR', 0, 2000], // 0.2 of a cent rounds down
    [3, 'EUR', 1, 2000], // 0.6 rounds up
    [25, 'USD', 2, 800], // exactly 2.0
    [1999, 'USD', 160, 800], // 159.92
    [500, 'JPY', 50, 1000], // yen have no minor unit: still whole units
    [1000, 'CHF', 0, 0], // not in the table: untaxed
  ])('%i %s -> %i (%i bp)', (amount, currency, tax, rate) => {
    expect(taxFor(amount, currency, DEFAULT_TAX_RATES)).toEqual({ tax, rateBasisPoints: rate });
  });

  it('rounds half up', () => {
    expect(taxFor(25, 'X', { X: 2000 }).tax).toBe(5);
    expect(taxFor(125, 'X', { X: 100 }).tax).toBe(1); // 1.25
    expect(taxFor(150, 'X', { X: 100 }).tax).toBe(2); // 1.5
  });

  it('stays exact for the largest totals the orders domain accepts', () => {
    const { tax } = taxFor(Number.MAX_SAFE_INTEGER, 'EUR', DEFAULT_TAX_RATES);
    expect(Number.isSafeInteger(tax)).toBe(true);
    expect(tax).toBe(Math.round(Number.MAX_SAFE_INTEGER / 5));
  });
});
