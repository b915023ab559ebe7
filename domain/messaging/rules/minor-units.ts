/** Digits after the decimal point of a currency's minor unit (ISO 4217, from the runtime's ICU). */
export const minorUnitDigits = (currency: string): number =>
  new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
    .maximumFractionDigits ?? 2;

const DECIMAL = /^\d{1,12}(?:\.\d+)?$/;

/**
 * A decimal amount in major units ("1000.00") as an integer of minor units (100000 for USD),
 * exactly: parsed as text, never through a float. More decimals than the currency has is refused.
 */
export const toMinorUnits = (major: string, currency: string): number => {
  if (!DECIMAL.test(major)) throw new RangeError(`Not a decimal amount: "${major}"`);
  const digits = minorUnitDigits(currency);
  const [whole = '0', fraction = ''] = major.split('.');
  if (fraction.replace(/0+$/, '').length > digits) {
    throw new RangeError(`${currency} has ${digits} decimal places: "${major}" has more`);
  }
  return Number(whole + fraction.padEnd(digits, '0').slice(0, digits));
};
