import { ZoomApiError } from './errors.js';
import { faultFromJson } from './faults.js';
import { latencyFromJson } from './latency.js';
import type { RouteResult } from './router.js';
import type { PortalControls } from './portal.js';
import type { EmulatorState } from './state.js';
import type { FaultSpec, Latency, RecordedCall, UrlValidationResult, WebhookDelivery, WebhookTarget } from './types.js';

/** What the `/_emulator/*` endpoints drive; the same controls the in-process API exposes. */
export interface ControlTarget {
  state: EmulatorState;
  portal: PortalControls;
  calls: RecordedCall[];
  webhookDeliveries: WebhookDelivery[];
  pendingFaults(): FaultSpec[];
  acceptInvitation(emailOrId: string): Promise<void>;
  injectFault(fault: FaultSpec): void;
  clearFaults(): void;
  expireTokens(): void;
  setWebhook(webhook: WebhookTarget | undefined): void;
  validateWebhookUrl(): Promise<UrlValidationResult>;
  setLatency(latency: Latency | undefined): void;
  latency(): Latency | undefined;
}

function faultToJson(f: FaultSpec): object {
  return { ...f, path: f.path instanceof RegExp ? f.path.source : f.path };
}

/**
 * Test-harness endpoints for a separate process (CLI sandbox, other test runners). No auth, no rate
 * limits, not recorded in `calls`.
 */
export async function handleControl(
  target: ControlTarget,
  method: string,
  path: string,
  body: unknown,
): Promise<RouteResult> {
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
      case 'POST /_emulator/portal/accept-invitation':
      case 'POST /_emulator/portal/withdraw-invitation':
      case 'POST /_emulator/portal/reactivate':
      case 'POST /_emulator/portal/deactivate':
      case 'POST /_emulator/portal/delete-user':
      case 'POST /_emulator/portal/set-extension':
      case 'POST /_emulator/portal/set-calling-plans':
      case 'POST /_emulator/portal/assign-number':
      case 'POST /_emulator/portal/unassign-number':
      case 'POST /_emulator/portal/create-user':
      case 'POST /_emulator/portal/create-phone-user':
      case 'POST /_emulator/portal/set-address-status':
      case 'POST /_emulator/portal/remove-site-default-address':
      case 'POST /_emulator/portal/add-device':
      case 'POST /_emulator/portal/add-queue-member':
      case 'POST /_emulator/portal/remove-queue-member':
      case 'POST /_emulator/portal/delete-call-queue':
      case 'POST /_emulator/portal/remove-shared-line-group-member':
      case 'POST /_emulator/portal/delete-shared-line-group':
      case 'POST /_emulator/portal/delete-provision-template':
        return await portalAction(target.portal, key.slice('POST /_emulator/portal/'.length), b);
      case 'POST /_emulator/faults':
        target.injectFault(faultFromJson(body));
        return { status: 201, body: { faults: target.pendingFaults().map(faultToJson) } };
      case 'GET /_emulator/faults':
        return { status: 200, body: { faults: target.pendingFaults().map(faultToJson) } };
      case 'DELETE /_emulator/faults':
        target.clearFaults();
        return { status: 204 };
      case 'POST /_emulator/latency':
        target.setLatency(latencyFromJson(b));
        return { status: 200, body: { latency: target.latency() ?? null } };
      case 'GET /_emulator/latency':
        return { status: 200, body: { latency: target.latency() ?? null } };
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
        if (typeof b.url === 'string' && typeof b.secretToken === 'string')
          target.setWebhook({ url: b.url, secretToken: b.secretToken });
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

const str = (b: Record<string, unknown>, k: string): string => {
  const v = b[k];
  if (typeof v !== 'string' || v === '') throw new Error(`${k} (string) is required`);
  return v;
};

/** `POST /_emulator/portal/<action>` with a JSON body naming the user (`user`: email or id) and the change. */
async function portalAction(portal: PortalControls, action: string, b: Record<string, unknown>): Promise<RouteResult> {
  switch (action) {
    case 'accept-invitation':
      await portal.acceptInvitation(str(b, 'user'), { webhook: b.webhook !== false });
      return { status: 204 };
    case 'withdraw-invitation':
      portal.withdrawInvitation(str(b, 'user'));
      return { status: 204 };
    case 'reactivate':
      portal.reactivate(str(b, 'user'));
      return { status: 204 };
    case 'deactivate':
      portal.deactivate(str(b, 'user'));
      return { status: 204 };
    case 'delete-user':
      portal.deleteUser(str(b, 'user'));
      return { status: 204 };
    case 'set-extension':
      portal.setExtension(str(b, 'user'), str(b, 'extension'));
      return { status: 204 };
    case 'set-calling-plans':
      if (!Array.isArray(b.types) || !b.types.every((t) => typeof t === 'number'))
        throw new Error('types (number[]) is required');
      portal.setCallingPlans(str(b, 'user'), b.types as number[]);
      return { status: 204 };
    case 'assign-number':
      portal.assignNumber(str(b, 'user'), str(b, 'number'));
      return { status: 204 };
    case 'unassign-number':
      portal.unassignNumber(str(b, 'number'));
      return { status: 204 };
    case 'set-address-status':
      if (typeof b.status !== 'number') throw new Error('status (1-6) is required');
      portal.setAddressStatus(str(b, 'addressId'), b.status as 1 | 2 | 3 | 4 | 5 | 6);
      return { status: 204 };
    case 'remove-site-default-address':
      portal.removeSiteDefaultAddress(str(b, 'siteId'));
      return { status: 204 };
    case 'create-user': {
      const u = portal.createUser({
        email: str(b, 'email'),
        firstName: typeof b.firstName === 'string' ? b.firstName : undefined,
        lastName: typeof b.lastName === 'string' ? b.lastName : undefined,
      });
      return { status: 201, body: { id: u.id, email: u.email } };
    }
    case 'add-device': {
      const d = portal.addDevice({
        macAddress: str(b, 'macAddress'),
        displayName: typeof b.displayName === 'string' ? b.displayName : undefined,
        type: typeof b.type === 'string' ? b.type : undefined,
        model: typeof b.model === 'string' ? b.model : undefined,
        assignedTo: typeof b.assignedTo === 'string' ? b.assignedTo : undefined,
      });
      return { status: 201, body: { id: d.id, macAddress: d.macAddress } };
    }
    case 'add-queue-member':
      portal.addQueueMember(str(b, 'queueId'), str(b, 'user'));
      return { status: 204 };
    case 'remove-queue-member':
      portal.removeQueueMember(str(b, 'queueId'), str(b, 'user'));
      return { status: 204 };
    case 'delete-call-queue':
      portal.deleteCallQueue(str(b, 'queueId'));
      return { status: 204 };
    case 'remove-shared-line-group-member':
      portal.removeSharedLineGroupMember(str(b, 'groupId'), str(b, 'user'));
      return { status: 204 };
    case 'delete-shared-line-group':
      portal.deleteSharedLineGroup(str(b, 'groupId'));
      return { status: 204 };
    case 'delete-provision-template':
      portal.deleteProvisionTemplate(str(b, 'templateId'));
      return { status: 204 };
    default: {
      const u = portal.createPhoneUser({
        email: str(b, 'email'),
        firstName: typeof b.firstName === 'string' ? b.firstName : undefined,
        lastName: typeof b.lastName === 'string' ? b.lastName : undefined,
        extension: typeof b.extension === 'string' ? b.extension : undefined,
        siteId: typeof b.siteId === 'string' ? b.siteId : undefined,
        callingPlans: Array.isArray(b.callingPlans) ? (b.callingPlans as number[]) : undefined,
      });
      return { status: 201, body: { id: u.id, email: u.email, extension: u.phone?.extensionNumber } };
    }
  }
}
