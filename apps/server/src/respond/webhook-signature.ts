/**
 * Signatures of respond's webhooks. Each call carries
 * `X-Vigil-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>` so a
 * receiver can check that the body came from this server, unchanged, recently (the
 * timestamp is signed too, which stops replays outside the tolerance). The scheme is the one
 * Stripe documents for its webhooks; docs/respond.md shows a receiver's check.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header that carries the signature. */
export const SIGNATURE_HEADER = 'x-vigil-signature';

/** The signature header's value for `body` sent at `at`. */
export function signWebhook(input: { readonly secret: string; readonly body: string; readonly at: Date }): string {
  const t = Math.floor(input.at.getTime() / 1000);
  const v1 = createHmac('sha256', input.secret).update(`${t}.${input.body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

/** Why a signature was refused. */
export type SignatureProblem = 'malformed' | 'too-old' | 'mismatch';

/**
 * Checks a signature header as a receiver would: well formed, timestamp within
 * `toleranceSeconds` of `now`, and an HMAC equal in constant time to the expected one.
 */
export function verifyWebhookSignature(input: {
  readonly secret: string;
  readonly header: string | null | undefined;
  readonly body: string;
  readonly now: Date;
  readonly toleranceSeconds?: number;
}): { readonly ok: true } | { readonly ok: false; readonly problem: SignatureProblem } {
  const parts = new Map((input.header ?? '').split(',').map((part) => part.trim().split('=', 2) as [string, string | undefined]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1');
  if (!Number.isInteger(t) || !v1 || !/^[0-9a-f]{64}$/.test(v1)) return { ok: false, problem: 'malformed' };
  if (Math.abs(input.now.getTime() / 1000 - t) > (input.toleranceSeconds ?? 300)) return { ok: false, problem: 'too-old' };
  const expected = createHmac('sha256', input.secret).update(`${t}.${input.body}`).digest();
  return timingSafeEqual(expected, Buffer.from(v1, 'hex')) ? { ok: true } : { ok: false, problem: 'mismatch' };
}
