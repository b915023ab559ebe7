/** Tax rates in basis points (1/100 of a percent) by ISO 4217 currency: 2000 is 20 %. */
export type TaxRates = Readonly<Record<string, number>>;

/** Used when the app configures none; a currency absent from the table is taxed at 0. */
export const DEFAULT_TAX_RATES: TaxRates = { EUR: 2000, GBP: 2000, USD: 800, JPY: 1000 };

/**
 * Tax on an amount in minor units, rounded half up to a whole minor unit. Integer arithmetic
 * throughout: `amount * rate` stays exact for every total the orders domain accepts below 2^53 / 10^4.
 */
export const taxFor = (
  amount: number,
  currency: string,
  rates: TaxRates,
): { tax: number; rateBasisPoints: number } => {
  const rateBasisPoints = rates[currency] ?? 0;
  const scaled = amount * rateBasisPoints;
  const tax = Number.isSafeInteger(scaled)
    ? Math.floor((scaled + 5000) / 10_000)
    : Math.round((amount / 10_000) * rateBasisPoints);
  return { tax, rateBasisPoints };
};
