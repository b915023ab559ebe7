import type { Notifier } from '../../ports/notifier.port';
import type { Reaction } from '../shared/reaction';
import type { PaymentCompleted } from './order-events';

/** Amounts are integer minor units: 4848 EUR is €48.48, 500 JPY is ¥500. */
export const formatMinor = (amount: number, currency: string): string => {
  const format = new Intl.NumberFormat('en', { style: 'currency', currency });
  return format.format(amount / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
};

/** A notice that an order was paid, to whoever follows the notifications (SNS subscribers...). */
export const paymentNotice: Reaction<{ notifier: Notifier }> = {
  name: 'payment-notification',
  on: ['payment.completed'],
  run: async (event, { notifier }) => {
    const { orderId, userId, amount, currency } = (event as PaymentCompleted).payload;
    await notifier.notify({
      subject: `Payment received for order ${orderId}`,
      message: `Order ${orderId} of user ${userId} was paid: ${formatMinor(amount, currency)}.`,
      attributes: { type: event.type, userId },
    });
  },
};
