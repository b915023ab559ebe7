import { formatMinor, InvalidTransitionError } from '../orders';
import { createIfAbsent } from '../shared/versioned-records';
import { type MessageOf, PermanentMessageError } from './job-messages';
import { OrderNotPayableError, PaymentMismatchError } from './messaging-errors';
import type { MessagingPorts } from './messaging-ports';
import { orderOrReject } from './order-fulfilment';
import { COLLECTIONS, type Payment, type RecordPaymentInput, type Shipment } from './records';
import { userOrReject } from './user-signup';

/** Statuses an order reaches only once paid: a payment message finding one changes nothing. */
const PAID_OR_LATER = new Set(['paid', 'shipped', 'delivered']);

/**
 * Records a payment of a confirmed order, for its exact total and currency; the
 * payment_completed message does the rest.
 */
export const recordPayment = async (
  ports: MessagingPorts,
  orderId: string,
  input: RecordPaymentInput,
): Promise<Payment> => {
  const order = await ports.orders.get(orderId);
  if (order.status !== 'confirmed') throw new OrderNotPayableError(orderId, order.status);
  if (order.total !== input.amount || order.currency !== input.currency) {
    throw new PaymentMismatchError(
      { amount: order.total, currency: order.currency },
      { amount: input.amount, currency: input.currency },
    );
  }
  const payment: Payment = {
    id: ports.ids.next(),
    orderId,
    amount: input.amount,
    currency: input.currency,
    reference: input.reference ?? null,
    createdAt: ports.clock.now().toISOString(),
  };
  await createIfAbsent(ports.docs, COLLECTIONS.payment, payment.id, payment);
  return payment;
};

/**
 * A payment went through: the order becomes paid (once: a second message for the same payment,
 * or a later one, finds it paid and changes nothing), a shipment is requested, the customer told.
 */
export const handlePaymentCompleted =
  (ports: MessagingPorts) =>
  async ({ orderId, paymentId }: MessageOf<'payment_completed'>): Promise<void> => {
    const payment = await ports.docs.get<Payment>(COLLECTIONS.payment, paymentId);
    if (!payment || payment.value.orderId !== orderId) {
      throw new PermanentMessageError(`No payment ${paymentId} was recorded for order ${orderId}`);
    }
    const order = await orderOrReject(ports, orderId);
    if (order.status === 'confirmed') {
      try {
        await ports.orders.changeStatus(orderId, 'paid', order.version);
      } catch (error) {
        if (!(error instanceof InvalidTransitionError)) throw error;
      }
    } else if (!PAID_OR_LATER.has(order.status)) {
      throw new PermanentMessageError(`Order ${orderId} is ${order.status}: it cannot be paid`);
    }
    const shipment: Shipment = {
      orderId,
      paymentId,
      status: 'requested',
      createdAt: ports.clock.now().toISOString(),
    };
    await createIfAbsent(ports.docs, COLLECTIONS.shipment, orderId, shipment);
    const user = await userOrReject(ports, order.userId);
    await ports.notifier.notify({
      subject: `Payment confirmation for order ${orderId}`,
      message: `We received ${formatMinor(payment.value.amount, payment.value.currency)} for order ${orderId}; it will be shipped soon.`,
      attributes: { type: 'payment_confirmation', to: user.email, orderId, paymentId },
    });
  };
