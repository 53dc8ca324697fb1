// Zoom webhooks (POST /zoom/webhook): signature checked over the raw body with the app's secret token,
// timestamps older than five minutes and replayed signatures refused, the endpoint.url_validation
// challenge answered, and each delivery handled once.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const MAX_AGE_SECONDS = 300;

export function zoomSignature(secret: string, timestamp: string, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

export type Verification = { ok: true } | { ok: false; reason: string };

export function verifyZoomSignature(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  rawBody: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): Verification {
  const signature = headers['x-zm-signature'];
  const timestamp = headers['x-zm-request-timestamp'];
  if (typeof signature !== 'string' || typeof timestamp !== 'string')
    return { ok: false, reason: 'missing signature headers' };
  if (!/^\d+$/.test(timestamp)) return { ok: false, reason: 'bad timestamp' };
  if (Math.abs(nowSeconds - Number(timestamp)) > MAX_AGE_SECONDS) return { ok: false, reason: 'stale timestamp' };
  if (!safeEqual(signature, zoomSignature(secret, timestamp, rawBody)))
    return { ok: false, reason: 'signature mismatch' };
  return { ok: true };
}

export function urlValidationAnswer(
  secret: string,
  plainToken: string,
): { plainToken: string; encryptedToken: string } {
  return { plainToken, encryptedToken: createHmac('sha256', secret).update(plainToken).digest('hex') };
}

export const webhookBody = z.looseObject({
  event: z.string(),
  event_ts: z.number().optional(),
  payload: z
    .looseObject({
      plainToken: z.string().optional(),
      account_id: z.string().optional(),
      object: z.looseObject({ id: z.string().optional(), email: z.string().optional() }).optional(),
    })
    .optional(),
});
export type WebhookBody = z.output<typeof webhookBody>;
