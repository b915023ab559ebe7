import { minorUnitDigits, toMinorUnits } from './minor-units';
import type { Rule } from './rule';

export interface ReferenceRuleOptions {
  /** The `source` of this app's events. */
  source: string;
  /** Orders above this amount, in major units, are high value. */
  highValueThreshold?: string;
  highValueCurrencies?: readonly string[];
}

export const DEFAULT_HIGH_VALUE_THRESHOLD = '1000.00';
export const HIGH_VALUE_ORDER = 'high-value-order';

/**
 * One numeric bound serves every listed currency only if they share their minor unit (USD and
 * EUR both have cents); a mix would need one `$or` branch per currency.
 */
const thresholdInMinorUnits = (major: string, currencies: readonly string[]): number => {
  const digits = new Set(currencies.map(minorUnitDigits));
  if (digits.size !== 1) {
    throw new RangeError(
      `${currencies.join(', ')} do not share a minor unit: give each its own rule`,
    );
  }
  return toMinorUnits(major, currencies[0] as string);
};

/**
 * The reference design's rules. Patterns read the DomainEvent in `detail`: `order.created` has no
 * status (a new order is pending), so the order rule takes it by type and status changes by their
 * new status; amounts are integer minor units, so the threshold is converted once, here.
 */
export const referenceRules = (options: ReferenceRuleOptions): Rule[] => {
  const source = [options.source];
  const currencies = options.highValueCurrencies ?? ['USD', 'EUR'];
  const threshold = thresholdInMinorUnits(
    options.highValueThreshold ?? DEFAULT_HIGH_VALUE_THRESHOLD,
    currencies,
  );
  return [
    {
      name: 'user-events',
      description: 'Users created, updated or deleted, to the user reaction.',
      pattern: { source, 'detail-type': ['user.created', 'user.updated', 'user.deleted'] },
      target: { kind: 'reaction', reaction: 'user-events' },
    },
    {
      name: 'order-status',
      description: 'Orders that are pending, confirmed or paid, to the order reaction.',
      pattern: {
        source,
        $or: [
          { 'detail-type': ['order.created'] },
          {
            'detail-type': ['order.status_changed'],
            detail: { payload: { to: ['pending', 'confirmed', 'paid'] } },
          },
        ],
      },
      target: { kind: 'reaction', reaction: 'order-status' },
    },
    {
      name: HIGH_VALUE_ORDER,
      description: `New ${currencies.join(' or ')} orders over ${options.highValueThreshold ?? DEFAULT_HIGH_VALUE_THRESHOLD}, flagged for review.`,
      pattern: {
        source,
        'detail-type': ['order.created'],
        detail: {
          payload: { currency: [...currencies], amount: [{ numeric: ['>', threshold] }] },
        },
      },
      target: { kind: 'derived-event', type: HIGH_VALUE_ORDER },
    },
  ];
};
