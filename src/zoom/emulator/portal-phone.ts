// Outside changes to the "ready to take calls" parts (emergency addresses, desk phones, call queues, shared
// line groups), as an admin makes them in Zoom's web portal. Part of `emulator.portal`; over HTTP as
// `POST /_emulator/portal/<action>` (control.ts).
import type { EmulatorContext } from './context.js';
import { ZoomApiError, userNotFound } from './errors.js';
import { newId } from './ids.js';
import { canonicalMac } from './routes/devices.js';
import type { DeviceRecord, EmergencyAddressRecord } from './state.js';

export interface PhonePortalControls {
  /** Zoom's E911 provider verifies, rejects or fails an address (status 1–6, see EmergencyAddressRecord). */
  setAddressStatus(addressId: string, status: EmergencyAddressRecord['status']): void;
  /** The site's default emergency address is removed (numbers in that site then need a personal one). */
  removeSiteDefaultAddress(siteId: string): void;
  /** A desk phone added in the portal, optionally assigned to a user (e.g. a MAC someone else already holds). */
  addDevice(input: {
    macAddress: string;
    displayName?: string;
    type?: string;
    model?: string;
    assignedTo?: string;
  }): DeviceRecord;
  addQueueMember(queueId: string, emailOrId: string): void;
  removeQueueMember(queueId: string, emailOrId: string): void;
  /** The queue is deleted in the portal (profiles naming it become stale). */
  deleteCallQueue(queueId: string): void;
  removeSharedLineGroupMember(groupId: string, emailOrId: string): void;
  deleteSharedLineGroup(groupId: string): void;
  deleteProvisionTemplate(templateId: string): void;
}

export function phonePortalControls(em: EmulatorContext): PhonePortalControls {
  const { state } = em;
  const userId = (emailOrId: string): string => {
    const u = state.findUser(emailOrId);
    if (!u) throw userNotFound(emailOrId);
    return u.id;
  };
  const queue = (id: string) => {
    const q = state.callQueues.find((x) => x.id === id);
    if (!q) throw new ZoomApiError(404, 13000, `The Call Queue does not exist, callQueueId:${id}.`);
    return q;
  };
  const group = (id: string) => {
    const g = state.sharedLineGroups.find((x) => x.id === id);
    if (!g) throw new ZoomApiError(404, 404, `Shared line group does not exist: ${id}.`);
    return g;
  };
  return {
    setAddressStatus(addressId, status) {
      const a = state.emergencyAddresses.find((x) => x.id === addressId);
      if (!a) throw new ZoomApiError(400, 400, `Emergency address does not exist ${addressId}.`);
      if (![1, 2, 3, 4, 5, 6].includes(status)) throw new ZoomApiError(400, 300, `Invalid status ${String(status)}.`);
      a.status = status;
    },
    removeSiteDefaultAddress(siteId) {
      state.emergencyAddresses = state.emergencyAddresses.filter(
        (a) => !(a.level === 0 && a.siteId === siteId && a.isDefault),
      );
    },
    addDevice(input) {
      const mac = canonicalMac(input.macAddress);
      if (!mac) throw new ZoomApiError(400, 300, `Invalid MAC address ${input.macAddress}.`);
      if (state.devices.some((d) => d.macAddress === mac))
        throw new ZoomApiError(400, 300, `The MAC address ${mac} is already in use.`);
      const assignee = input.assignedTo === undefined ? undefined : state.findUser(input.assignedTo);
      if (input.assignedTo !== undefined && !assignee?.phone) throw userNotFound(input.assignedTo);
      const d: DeviceRecord = {
        id: newId(),
        displayName: input.displayName ?? `Desk phone ${mac}`,
        macAddress: mac,
        deviceType: input.type ?? 'Poly',
        model: input.model,
        siteId: assignee?.phone?.siteId,
        assigneeIds: assignee ? [assignee.id] : [],
      };
      state.devices.push(d);
      return d;
    },
    addQueueMember(queueId, emailOrId) {
      const q = queue(queueId);
      const id = userId(emailOrId);
      if (!q.memberIds.includes(id)) q.memberIds.push(id);
    },
    removeQueueMember(queueId, emailOrId) {
      const q = queue(queueId);
      const id = userId(emailOrId);
      q.memberIds = q.memberIds.filter((m) => m !== id);
    },
    deleteCallQueue(queueId) {
      queue(queueId);
      state.callQueues = state.callQueues.filter((q) => q.id !== queueId);
    },
    removeSharedLineGroupMember(groupId, emailOrId) {
      const g = group(groupId);
      const id = userId(emailOrId);
      g.memberIds = g.memberIds.filter((m) => m !== id);
    },
    deleteSharedLineGroup(groupId) {
      group(groupId);
      state.sharedLineGroups = state.sharedLineGroups.filter((g) => g.id !== groupId);
    },
    deleteProvisionTemplate(templateId) {
      if (!state.provisionTemplates.some((t) => t.id === templateId))
        throw new ZoomApiError(404, 404, 'Provision template does not exist.');
      state.provisionTemplates = state.provisionTemplates.filter((t) => t.id !== templateId);
      for (const d of state.devices) if (d.provisionTemplateId === templateId) d.provisionTemplateId = undefined;
    },
  };
}
