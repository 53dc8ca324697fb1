import { ZoomApiError } from './errors.js';
import { faultFromJson } from './faults.js';
import type { RouteResult } from './router.js';
import type { EmulatorState } from './state.js';
import type { FaultSpec, RecordedCall, UrlValidationResult, WebhookDelivery, WebhookTarget } from './types.js';

/** What the `/_emulator/*` endpoints drive; the same controls the in-process API exposes. */
export interface ControlTarget {
  state: EmulatorState;
  calls: RecordedCall[];
  webhookDeliveries: WebhookDelivery[];
  pendingFaults(): FaultSpec[];
  acceptInvitation(emailOrId: string): Promise<void>;
  injectFault(fault: FaultSpec): void;
  clearFaults(): void;
  expireTokens(): void;
  setWebhook(webhook: WebhookTarget | undefined): void;
  validateWebhookUrl(): Promise<UrlValidationResult>;
}

function faultToJson(f: FaultSpec): object {
  return { ...f, path: f.path instanceof RegExp ? f.path.source : f.path };
}

/**
 * Test-harness endpoints for a separate process (CLI sandbox, other test runners). No auth, no rate
 * limits, not recorded in `calls`.
 */
export async function handleControl(target: ControlTarget, method: string, path: string, body: unknown): Promise<RouteResult> {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const key = `${method} ${path.replace(/\/+$/, '')}`;
  try {
    switch (key) {
      case 'POST /_emulator/accept-invitation': {
        const who = typeof b.email === 'string' ? b.email : typeof b.userId === 'string' ? b.userId : undefined;
        if (!who) return { status: 400, body: { error: 'email (or userId) is required' } };
        await target.acceptInvitation(who);
        return { status: 204 };
      }
      case 'POST /_emulator/faults':
        target.injectFault(faultFromJson(body));
        return { status: 201, body: { faults: target.pendingFaults().map(faultToJson) } };
      case 'GET /_emulator/faults':
        return { status: 200, body: { faults: target.pendingFaults().map(faultToJson) } };
      case 'DELETE /_emulator/faults':
        target.clearFaults();
        return { status: 204 };
      case 'POST /_emulator/expire-tokens':
        target.expireTokens();
        return { status: 204 };
      case 'GET /_emulator/state':
        return { status: 200, body: target.state.toJSON() };
      case 'GET /_emulator/calls':
        return { status: 200, body: target.calls };
      case 'DELETE /_emulator/calls':
        target.calls.length = 0;
        return { status: 204 };
      case 'POST /_emulator/webhook': {
        if (typeof b.url === 'string' && typeof b.secretToken === 'string') target.setWebhook({ url: b.url, secretToken: b.secretToken });
        else if (b.url === undefined || b.url === null) target.setWebhook(undefined);
        else return { status: 400, body: { error: 'url and secretToken must be strings (or omit url to clear)' } };
        return { status: 204 };
      }
      case 'POST /_emulator/webhook/validate':
        return { status: 200, body: await target.validateWebhookUrl() };
      case 'GET /_emulator/webhook/deliveries':
        return { status: 200, body: target.webhookDeliveries };
      default:
        return { status: 404, body: { error: `unknown control endpoint: ${key}` } };
    }
  } catch (err) {
    if (err instanceof ZoomApiError) return { status: err.status, body: err.toBody() };
    return { status: 400, body: { error: err instanceof Error ? err.message : String(err) } };
  }
}
