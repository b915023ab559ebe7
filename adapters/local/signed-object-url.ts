import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignedUrlVerdict = 'valid' | 'expired' | 'invalid';

/** The path a signed URL serves `key` on: each segment percent-encoded, slashes kept. */
export const objectUrlPath = (key: string): string =>
  `/objects/${key.split('/').map(encodeURIComponent).join('/')}`;

const EXPIRES = /^\d{1,12}$/;
const SIGNATURE = /^[0-9a-f]{64}$/;

/**
 * HMAC-SHA256 over the method, the key and the expiry (unix seconds). The expiry is last
 * and all digits, so a key holding a newline cannot make two inputs sign the same.
 */
const sign = (secret: string | Uint8Array, key: string, expires: number): string =>
  createHmac('sha256', secret).update(`v1\nGET\n${key}\n${expires}`).digest('hex');

/** A URL anyone can GET `key` with until `expires` (unix seconds). */
export const signObjectUrl = (
  secret: string | Uint8Array,
  baseUrl: string,
  key: string,
  expires: number,
): string =>
  `${baseUrl.replace(/\/+$/, '')}${objectUrlPath(key)}?expires=${expires}&signature=${sign(secret, key, expires)}`;

/**
 * Checks the signature first, so a forged expiry is `invalid`, never `expired`; only a URL we
 * issued can be told apart as expired. Comparison is constant-time.
 */
export const verifyObjectUrl = (
  secret: string | Uint8Array,
  key: string,
  expires: string | undefined,
  signature: string | undefined,
  now: Date,
): SignedUrlVerdict => {
  if (!expires || !signature || !EXPIRES.test(expires) || !SIGNATURE.test(signature)) {
    return 'invalid';
  }
  const expected = Buffer.from(sign(secret, key, Number(expires)), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) return 'invalid';
  return Number(expires) * 1000 < now.getTime() ? 'expired' : 'valid';
};
