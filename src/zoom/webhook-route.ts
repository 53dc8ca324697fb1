// POST /zoom/webhook: verified Zoom events that move phonebot's work forward.
import type { IncomingMessage } from 'node:http';
import { ACTIVATION_BATCH_WINDOW_MS, markActivated } from '../domain/activation.js';
import type { ReplayGuard } from '../http/replay-guard.js';
import type { Services } from '../services.js';
import { urlValidationAnswer, verifyZoomSignature, webhookBody } from './webhook.js';

export function zoomWebhookRoute(s: Services, secret: string | undefined, replay: ReplayGuard) {
  return async (raw: string, headers: IncomingMessage['headers']): Promise<{ status: number; body?: unknown }> => {
    if (!secret) return { status: 404, body: { error: 'ZOOM_WEBHOOK_SECRET_TOKEN is not set; webhooks are off' } };
    const verified = verifyZoomSignature(secret, headers, raw);
    if (!verified.ok) {
      s.log.warn({ reason: verified.reason }, 'refused a Zoom webhook');
      return { status: 401 };
    }
    const deliveryId = `zoom:${String(headers['x-zm-signature'])}`;
    if (!(await replay.firstSeen(deliveryId))) {
      s.log.warn('refused a replayed Zoom webhook');
      return { status: 401 };
    }
    let parsed;
    try {
      parsed = webhookBody.parse(JSON.parse(raw));
    } catch {
      return { status: 400, body: { error: 'malformed body' } };
    }
    if (parsed.event === 'endpoint.url_validation') {
      const token = parsed.payload?.plainToken;
      if (!token) return { status: 400, body: { error: 'plainToken missing' } };
      return { status: 200, body: urlValidationAnswer(secret, token) };
    }
    const object = parsed.payload?.object;
    s.log.info({ event: parsed.event, zoomUserId: object?.id }, 'Zoom webhook');
    if (parsed.event === 'user.invitation_accepted' || parsed.event === 'user.activated') {
      try {
        const resumed = await markActivated(
          s.db,
          s.listener,
          { zoomUserId: object?.id, email: object?.email },
          'webhook',
        );
        // Acceptances share a batch call: the worker looks once the window has passed (activation.ts).
        if (resumed.length) s.worker.kick(ACTIVATION_BATCH_WINDOW_MS);
      } catch (err) {
        // Answering 500 makes Zoom deliver again later; that retry must not look like a replay.
        await replay.forget(deliveryId);
        throw err;
      }
    }
    return { status: 200, body: { ok: true } };
  };
}
