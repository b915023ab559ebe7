import { describe, expect, it } from 'vitest';
import {
  CUSTOMER_STATUSES,
  canTransition,
  customerMayMoveTo,
  ORDER_STATUSES,
} from '../../domain/orders/order';

describe("an order's own customer", () => {
  it("may only cancel: paying, confirming, shipping and delivering are the business's", () => {
    expect(ORDER_STATUSES.filter(customerMayMoveTo)).toEqual(['cancelled']);
    expect(customerMayMoveTo('paid')).toBe(false);
  });

  it('may cancel exactly where the lifecycle allows it: before payment', () => {
    const from = ORDER_STATUSES.filter((status) =>
      CUSTOMER_STATUSES.some((to) => canTransition(status, to)),
    );
    expect(from).toEqual(['pending', 'confirmed']);
  });
});
