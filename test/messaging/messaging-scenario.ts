import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoorRequest, DoorResponse } from '../http/http-scenario';

export interface Notice {
  subject: string;
  attributes?: Record<string, string> | undefined;
}

/** A door as the messaging scenario drives it: requests, and what the platform does after them. */
export interface MessagingDoor {
  send(request: DoorRequest): Promise<DoorResponse>;
  /**
   * Does what the platform does after the requests so far until nothing is left: events to
   * their reactions, jobs to their consumer (the server's worker, the SQS event source, the
   * queue trigger), each job settled as the platform settles it.
   */
  settle(): Promise<void>;
  notified(): Promise<Notice[]>;
  /** Reads an export through the URL the export record gives. */
  download(url: string): Promise<string>;
  /** Puts a message on the door's jobs queue as another producer would, whatever its body. */
  sendRaw(body: string): Promise<void>;
  close(): Promise<void>;
}

const expectError = (res: DoorResponse, status: number, code: string) => {
  expect(res.status, res.text).toBe(status);
  expect(res.body.error.code).toBe(code);
};

/**
 * One scenario, every door: sign up, an order with stock and one without, a payment, an
 * export; the jobs between them run on the door's own queue and consumer.
 */
export const describeMessagingScenario = (name: string, open: () => Promise<MessagingDoor>) => {
  describe(`messaging on ${name}`, () => {
    let door: MessagingDoor;
    let userId: string;
    let confirmedId: string;
    let cancelledId: string;
    beforeAll(async () => {
      door = await open();
    }, 60_000);
    afterAll(async () => {
      await door?.close();
    });

    const get = (path: string) => door.send({ method: 'GET', path });
    const subjects = async () => (await door.notified()).map((notice) => notice.subject);

    it('welcomes a new user, stores default preferences and lets them be changed', async () => {
      const created = await door.send({
        method: 'POST',
        path: '/users',
        body: { name: 'Ada', email: `ada-${Date.now()}@example.com` },
      });
      expect(created.status, created.text).toBe(201);
      userId = created.body.id;
      await door.settle();
      expect(await door.notified()).toContainEqual(
        expect.objectContaining({
          subject: 'Welcome, Ada',
          attributes: expect.objectContaining({ to: created.body.email, userId }),
        }),
      );
      const day = String(created.body.createdAt).slice(0, 10);
      expect((await get(`/signups/${day}`)).body).toEqual({ day, count: 1 });
      expectError(await get('/signups/yesterday'), 400, 'VALIDATION.FAILED');
      const preferences = await get(`/users/${userId}/preferences`);
      expect(preferences.status).toBe(200);
      expect(preferences.body).toMatchObject({
        userId,
        channels: { email: true, sms: false },
        newsletter: false,
        version: 1,
      });
      const changed = await door.send({
        method: 'PATCH',
        path: `/users/${userId}/preferences`,
        headers: { 'if-match': '"1"' },
        body: { newsletter: true, channels: { sms: true } },
      });
      expect(changed.status, changed.text).toBe(200);
      expect(changed.body).toMatchObject({
        channels: { email: true, sms: true },
        newsletter: true,
      });
      expect(changed.body.version).toBe(2);
      const stale = await door.send({
        method: 'PATCH',
        path: `/users/${userId}/preferences`,
        headers: { 'if-match': '"1"' },
        body: { newsletter: false },
      });
      expectError(stale, 409, 'MESSAGING.PREFERENCES_VERSION_MISMATCH');
      const unknown = await door.send({
        method: 'PATCH',
        path: `/users/${userId}/preferences`,
        body: { colour: 'blue' },
      });
      expectError(unknown, 400, 'VALIDATION.FAILED');
    });

    it('confirms an order it could reserve stock for, with its tax in minor units', async () => {
      const stock = await door.send({
        method: 'PUT',
        path: '/inventory/main/widget',
        body: { count: 3 },
      });
      expect(stock.status, stock.text).toBe(200);
      const order = await door.send({
        method: 'POST',
        path: '/orders',
        body: { userId, currency: 'EUR', items: [{ sku: 'widget', quantity: 2, unitPrice: 1250 }] },
      });
      expect(order.status, order.text).toBe(201);
      confirmedId = order.body.id;
      await door.settle();
      // The tax is the order's own, in minor units (20 % of 2,500 cents).
      expect((await get(`/orders/${confirmedId}`)).body).toMatchObject({
        status: 'confirmed',
        tax: 500,
      });
      expect((await get(`/orders/${confirmedId}/fulfilment`)).body).toMatchObject({
        status: 'confirmed',
        store: 'main',
        currency: 'EUR',
        tax: 500,
        taxRateBasisPoints: 2000,
      });
      expect((await get('/inventory/main/widget')).body.count).toBe(1);
      expect(await subjects()).toContain(`Order ${confirmedId} confirmed`);
    });

    it('cancels an order with a short item, releasing what it had reserved', async () => {
      const order = await door.send({
        method: 'POST',
        path: '/orders',
        body: {
          userId,
          currency: 'EUR',
          items: [
            { sku: 'widget', quantity: 1, unitPrice: 1250 },
            { sku: 'gadget', quantity: 4, unitPrice: 99 },
          ],
        },
      });
      cancelledId = order.body.id;
      await door.settle();
      const cancelled = (await get(`/orders/${cancelledId}`)).body;
      expect(cancelled.status).toBe('cancelled');
      expect(cancelled).not.toHaveProperty('tax');
      expect((await get(`/orders/${cancelledId}/fulfilment`)).body).toMatchObject({
        status: 'cancelled',
        reason: 'INSUFFICIENT_STOCK',
        shortItems: [{ sku: 'gadget', requested: 4, available: 0 }],
      });
      expect((await get('/inventory/main/widget')).body.count).toBe(1);
      expect(await subjects()).toContain(`Order ${cancelledId} rejected`);
    });

    it('marks a paid order paid once and requests its shipment', async () => {
      expectError(
        await door.send({
          method: 'POST',
          path: `/orders/${confirmedId}/payments`,
          body: { amount: 1, currency: 'EUR' },
        }),
        422,
        'MESSAGING.PAYMENT_MISMATCH',
      );
      expectError(
        await door.send({
          method: 'POST',
          path: `/orders/${cancelledId}/payments`,
          body: { amount: 396 + 1250, currency: 'EUR' },
        }),
        409,
        'MESSAGING.ORDER_NOT_PAYABLE',
      );
      expectError(
        await get(`/orders/${confirmedId}/shipment`),
        404,
        'MESSAGING.SHIPMENT_NOT_FOUND',
      );
      const paid = await door.send({
        method: 'POST',
        path: `/orders/${confirmedId}/payments`,
        body: { amount: 2500, currency: 'eur', reference: 'psp-1' },
      });
      expect(paid.status, paid.text).toBe(202);
      await door.settle();
      const order = (await get(`/orders/${confirmedId}`)).body;
      expect(order.status).toBe('paid');
      expect((await get(`/orders/${confirmedId}/shipment`)).body).toMatchObject({
        orderId: confirmedId,
        paymentId: paid.body.id,
        status: 'requested',
      });
      expect(await subjects()).toContain(`Payment confirmation for order ${confirmedId}`);
      expectError(
        await door.send({
          method: 'POST',
          path: `/orders/${confirmedId}/payments`,
          body: { amount: 2500, currency: 'EUR' },
        }),
        409,
        'MESSAGING.ORDER_NOT_PAYABLE',
      );
    });

    it('exports the user’s orders as CSV behind a link valid 24 hours', async () => {
      const accepted = await door.send({ method: 'POST', path: `/users/${userId}/exports` });
      expect(accepted.status, accepted.text).toBe(202);
      expect(accepted.headers.location).toBe(`/exports/${accepted.body.id}`);
      expect(accepted.body.status).toBe('pending');
      await door.settle();
      const record = (await get(`/exports/${accepted.body.id}`)).body;
      expect(record).toMatchObject({ status: 'completed', rows: 2, userId });
      const csv = await door.download(record.url);
      const lines = csv.trim().split('\r\n');
      expect(lines[0]).toBe('order_id,user_id,status,currency,total_minor,items,created_at');
      expect(lines.slice(1).map((line) => line.split(',').slice(0, 3))).toEqual([
        [confirmedId, userId, 'paid'],
        [cancelledId, userId, 'cancelled'],
      ]);
      expect(record.bytes).toBe(Buffer.byteLength(csv));
      const hours = (Date.parse(record.urlExpiresAt) - Date.parse(record.completedAt)) / 3_600_000;
      expect(hours).toBe(24);
      expect(await subjects()).toContain(`Your export ${accepted.body.id} is ready`);
    });

    it('reserves from the fulfilment store the order names, not the default one', async () => {
      await door.send({ method: 'PUT', path: '/inventory/north/widget', body: { count: 5 } });
      const order = await door.send({
        method: 'POST',
        path: '/orders',
        body: {
          userId,
          currency: 'USD',
          fulfilmentStore: 'north',
          items: [{ sku: 'widget', quantity: 2, unitPrice: 1000 }],
        },
      });
      expect(order.status, order.text).toBe(201);
      expect(order.body.fulfilmentStore).toBe('north');
      await door.settle();
      expect((await get(`/orders/${order.body.id}`)).body).toMatchObject({
        status: 'confirmed',
        fulfilmentStore: 'north',
        tax: 160,
      });
      expect((await get(`/orders/${order.body.id}/fulfilment`)).body.store).toBe('north');
      expect((await get('/inventory/north/widget')).body.count).toBe(3);
      expect((await get('/inventory/main/widget')).body.count).toBe(1);
      for (const fulfilmentStore of ['', ' ', 'x'.repeat(101), '\uD800', 7]) {
        expectError(
          await door.send({
            method: 'POST',
            path: '/orders',
            body: {
              userId,
              currency: 'USD',
              fulfilmentStore,
              items: [{ sku: 'widget', quantity: 1, unitPrice: 1 }],
            },
          }),
          400,
          'VALIDATION.FAILED',
        );
      }
    });

    it('gives a cancelled order’s stock back once, and nothing for an order that took none', async () => {
      await door.send({ method: 'PUT', path: '/inventory/main/sprocket', body: { count: 5 } });
      const place = async (quantity: number) =>
        (
          await door.send({
            method: 'POST',
            path: '/orders',
            body: {
              userId,
              currency: 'EUR',
              items: [{ sku: 'sprocket', quantity, unitPrice: 10 }],
            },
          })
        ).body.id as string;
      const cancel = (id: string) =>
        door.send({ method: 'POST', path: `/orders/${id}/status`, body: { status: 'cancelled' } });
      const sprockets = async () => (await get('/inventory/main/sprocket')).body.count;

      const confirmed = await place(3);
      await door.settle();
      expect((await get(`/orders/${confirmed}`)).body.status).toBe('confirmed');
      expect(await sprockets()).toBe(2);
      const cancelled = await cancel(confirmed);
      expect(cancelled.status, cancelled.text).toBe(200);
      await door.settle();
      expect(await sprockets()).toBe(5);

      // Cancelled as soon as placed: whether its job ran first or not, nothing stays taken and
      // nothing is given back that was not taken.
      const early = await place(4);
      expect((await cancel(early)).status).toBe(200);
      await door.settle();
      expect((await get(`/orders/${early}`)).body.status).toBe('cancelled');
      expect(await sprockets()).toBe(5);
    });

    it('answers bad requests with 4xx and clear codes', async () => {
      expectError(
        await door.send({ method: 'POST', path: '/users/nobody/exports' }),
        404,
        'USER.NOT_FOUND',
      );
      expectError(await get('/exports/nope'), 404, 'MESSAGING.EXPORT_NOT_FOUND');
      expectError(await get('/users/nobody/preferences'), 404, 'USER.NOT_FOUND');
      expectError(await get('/orders/nope/shipment'), 404, 'ORDER.NOT_FOUND');
      expectError(
        await door.send({ method: 'POST', path: `/orders/${confirmedId}/payments`, body: {} }),
        400,
        'VALIDATION.FAILED',
      );
    });

    it('reports an empty queue with nothing dead-lettered, and a summary per batch', async () => {
      const queues = await get('/queues');
      expect(queues.status).toBe(200);
      expect(queues.body.queues).toEqual([
        expect.objectContaining({ name: 'jobs', depth: 0, deadLetters: 0 }),
      ]);
      expect((await get('/queues/dead-letters')).body).toEqual({ items: [] });
      const summaries = (await door.notified()).filter(
        (notice) => notice.subject === 'Message Processing Batch Complete',
      );
      expect(summaries.length).toBeGreaterThan(0);
      expect(summaries[0]!.attributes).toMatchObject({
        batchId: expect.any(String),
        succeeded: expect.stringMatching(/^\d+$/),
        failed: '0',
        deadLettered: '0',
      });
    });

    it('dead-letters what can never be handled, lists it with its reason and redrives it', async () => {
      await door.sendRaw('{"type": "user_signup"');
      await door.sendRaw(JSON.stringify({ type: 'refund_issued', orderId: confirmedId }));
      await door.sendRaw(JSON.stringify({ type: 'user_signup', userId: 'nobody' }));
      await door.settle();
      const listed = (await get('/queues/dead-letters')).body.items as {
        reason: string;
        receiveCount: number;
      }[];
      expect(listed.map((letter) => letter.reason.split(':')[0]).sort()).toEqual([
        'INVALID_JSON',
        'REJECTED',
        'UNKNOWN_TYPE',
      ]);
      expect(listed.every((letter) => letter.receiveCount === 1)).toBe(true);
      expect((await get('/queues')).body.queues[0].deadLetters).toBe(3);
      const redriven = await door.send({ method: 'POST', path: '/queues/dead-letters/redrive' });
      expect(redriven.status).toBe(202);
      expect(redriven.body).toEqual({ moved: 3 });
      expect((await get('/queues/dead-letters')).body.items).toEqual([]);
      // Still poison: back in the dead letters, each once.
      await door.settle();
      expect((await get('/queues/dead-letters')).body.items).toHaveLength(3);
    });
  });
};
