import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Notification, Notifier } from '../../ports/notifier.port';

export interface NotifierHarness {
  notifier: Notifier;
  /** What reached the other side so far, in arrival order, decoded back to notifications. */
  sent(): Promise<Notification[]>;
  close?: () => Promise<void> | void;
}

/** A harness for an adapter with a downstream that can fail (a topic, a queue). */
export interface BreakableNotifierHarness extends NotifierHarness {
  /** Makes every later notify fail downstream (the service refuses, the queue is gone). */
  breakDownstream(): Promise<void> | void;
  /** What the adapter's rejection says once downstream is broken: the cause, not a bare status. */
  failure: RegExp;
}

type Create<H> = () => Promise<H> | H;

/** For an adapter with nothing downstream to fail: the failure case is not defined, and why. */
export interface NoDownstream {
  downstreamCanFail: false;
  reason: string;
}

/** The rejection of `promise`, or a failed expectation if it resolves. */
const rejectionOf = async (promise: Promise<unknown>): Promise<unknown> => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return expect.unreachable('notify resolved although downstream is broken');
};

/**
 * What every Notifier promises, run against each adapter. A notification without attributes
 * (omitted or `{}`) arrives with an empty attribute set, `attributes: {}`: consumers filter on
 * attributes and never have to tell "absent" from "empty" (SNS hands Lambda subscribers
 * `MessageAttributes: {}` too).
 */
export function describeNotifierContract(
  name: string,
  create: Create<BreakableNotifierHarness>,
): void;
export function describeNotifierContract(
  name: string,
  create: Create<NotifierHarness>,
  options: NoDownstream,
): void;
export function describeNotifierContract(
  name: string,
  create: Create<NotifierHarness>,
  options?: NoDownstream,
): void {
  describe(`Notifier contract: ${name}`, () => {
    let h: NotifierHarness;

    beforeEach(async () => {
      h = await create();
    });
    afterEach(async () => {
      await h.close?.();
    });

    it('delivers subject, message and attributes as they were when sent', async () => {
      const notification: Notification = {
        subject: 'Votre commande est expédiée ✓',
        message: 'Order o-1 is on its way.\nTrack it: https://example.com/t/o-1?a=1&b=2 <3',
        attributes: { kind: 'order.shipped', locale: 'fr-FR', channel: 'e-mail' },
      };
      const expected = structuredClone(notification);
      await h.notifier.notify(notification);
      // The caller may reuse its object; what was sent must not change with it.
      notification.attributes!.kind = 'changed';
      notification.subject = 'changed';
      expect(await h.sent()).toStrictEqual([expected]);
    });

    it('delivers a notification without attributes with an empty set, omitted or empty', async () => {
      await h.notifier.notify({ subject: 'Hello', message: 'Attributes omitted.' });
      await h.notifier.notify({ subject: 'Hello', message: 'Attributes empty.', attributes: {} });
      expect(await h.sent()).toStrictEqual([
        { subject: 'Hello', message: 'Attributes omitted.', attributes: {} },
        { subject: 'Hello', message: 'Attributes empty.', attributes: {} },
      ]);
    });

    it('delivers several notifications in the order they were sent', async () => {
      const notifications = Array.from({ length: 5 }, (_, i) => ({
        subject: `Notice ${i}`,
        message: `Body ${i}`,
        attributes: { sequence: String(i) },
      }));
      for (const notification of notifications) await h.notifier.notify(notification);
      expect(await h.sent()).toStrictEqual(notifications);
    });

    // Defined only where a downstream exists (Hono's runTest({ skip }) with a reason): a test
    // that cannot fail is a defect, so an adapter without one does not run it at all.
    if (options?.downstreamCanFail !== false) {
      it('rejects with an Error giving the cause when downstream fails', async () => {
        const broken = h as BreakableNotifierHarness;
        await broken.breakDownstream();
        const error = await rejectionOf(
          broken.notifier.notify({ subject: 'Lost?', message: 'Must not vanish silently.' }),
        );
        expect(error).toBeInstanceOf(Error);
        expect((error as Error).message).toMatch(broken.failure);
      });
    }
  });
}
