// Typed Zoom endpoints for the "ready to take calls" parts (issue 15): emergency addresses, desk phones,
// call queues and shared line groups, outbound caller ID. One method = one Zoom call, like api.ts; the
// engine decides order and re-reads. Answers come back as the camelCase shapes of ready-schemas.ts.
import { collect, ZoomApi } from './api.js';
import * as s from './ready-schemas.js';
import type { ZoomPort } from '../domain/ports.js';

const enc = encodeURIComponent;

/** Zoom takes at most 10 members per add call. */
export const MEMBERS_PER_CALL = 10;

export interface NewEmergencyAddress {
  addressLine1: string;
  addressLine2?: string;
  city: string;
  stateCode: string;
  zip: string;
  /** Two-letter ISO code. */
  country: string;
}

export interface NewDevice {
  displayName: string;
  /** As Zoom accepts it: 12 hex digits (see domain/mac-address.ts). */
  macAddress: string;
  /** The brand. */
  type: string;
  model?: string;
  /** Zoom user id or email. */
  assignedTo?: string;
  provisionTemplateId?: string;
}

/** The issue-15 endpoints beside ZoomApi's, on the same plumbing (one call per method, paged reads, "gone" as undefined). */
export class ZoomReadyApi extends ZoomApi implements ZoomPort {
  listEmergencyAddresses(filter: { siteId?: string; userId?: string } = {}): Promise<s.EmergencyAddress[]> {
    return collect(
      this.pages(
        '/phone/emergency_addresses',
        { site_id: filter.siteId, user_id: filter.userId, page_size: 100 },
        s.emergencyAddressList,
        (p) => p.emergency_addresses,
      ),
    );
  }

  getEmergencyAddress(id: string): Promise<s.EmergencyAddress | undefined> {
    return this.unlessGone(
      this.call({ method: 'GET', path: `/phone/emergency_addresses/${enc(id)}` }, s.emergencyAddress),
      400,
      400,
    );
  }

  /** POST /phone/emergency_addresses with user_id: the user's personal address. */
  createPersonalEmergencyAddress(userId: string, a: NewEmergencyAddress): Promise<s.EmergencyAddress> {
    return this.call(
      {
        method: 'POST',
        path: '/phone/emergency_addresses',
        body: {
          user_id: userId,
          address_line1: a.addressLine1,
          address_line2: a.addressLine2,
          city: a.city,
          state_code: a.stateCode,
          zip: a.zip,
          country: a.country,
        },
      },
      s.emergencyAddress,
    );
  }

  listDevices(filter: { assigned?: boolean; keyword?: string } = {}): Promise<s.Device[]> {
    const type = filter.assigned === undefined ? undefined : filter.assigned ? 'assigned' : 'unassigned';
    return collect(
      this.pages('/phone/devices', { type, keyword: filter.keyword, page_size: 300 }, s.deviceList, (p) => p.devices),
    );
  }

  getDevice(id: string): Promise<s.Device | undefined> {
    return this.unlessGone(this.call({ method: 'GET', path: `/phone/devices/${enc(id)}` }, s.device), 400, 300);
  }

  /** The device holding a MAC (12 hex digits), if the account has it. */
  async findDeviceByMac(mac: string): Promise<s.Device | undefined> {
    return (await this.listDevices({ keyword: mac })).find((d) => d.macAddress === mac.toLowerCase());
  }

  async addDevice(d: NewDevice): Promise<{ id: string }> {
    return this.call(
      {
        method: 'POST',
        path: '/phone/devices',
        body: {
          display_name: d.displayName,
          mac_address: d.macAddress,
          type: d.type,
          model: d.model,
          assigned_to: d.assignedTo,
          provision_template_id: d.provisionTemplateId,
        },
      },
      s.createdDevice,
    );
  }

  /** Puts an existing device on these extensions (POST /phone/devices/{deviceId}/extensions). */
  assignDevice(deviceId: string, extensionIds: string[]) {
    return this.send({
      method: 'POST',
      path: `/phone/devices/${enc(deviceId)}/extensions`,
      body: { assignee_extension_ids: extensionIds },
    });
  }

  /** Takes the user off the device; the device stays in the account. */
  unassignDevice(deviceId: string, extensionId: string) {
    return this.send({ method: 'DELETE', path: `/phone/devices/${enc(deviceId)}/extensions/${enc(extensionId)}` });
  }

  deleteDevice(deviceId: string) {
    return this.send({ method: 'DELETE', path: `/phone/devices/${enc(deviceId)}` });
  }

  listProvisionTemplates(): Promise<s.ProvisionTemplate[]> {
    return collect(
      this.pages(
        '/phone/provision_templates',
        { page_size: 300 },
        s.provisionTemplateList,
        (p) => p.provision_templates,
      ),
    );
  }

  listCallQueues(): Promise<s.CallQueue[]> {
    return collect(this.pages('/phone/call_queues', { page_size: 100 }, s.callQueueList, (p) => p.call_queues));
  }

  /** With members; undefined when the queue no longer exists (404/13000). */
  getCallQueue(id: string): Promise<s.CallQueue | undefined> {
    return this.unlessGone(this.call({ method: 'GET', path: `/phone/call_queues/${enc(id)}` }, s.callQueue), 404);
  }

  addCallQueueMembers(queueId: string, userIds: string[]) {
    if (userIds.length === 0 || userIds.length > MEMBERS_PER_CALL)
      throw new RangeError(`Zoom takes 1 to ${MEMBERS_PER_CALL} members per call`);
    return this.send({
      method: 'POST',
      path: `/phone/call_queues/${enc(queueId)}/members`,
      body: { members: { users: userIds.map((id) => ({ id })) } },
    });
  }

  removeCallQueueMember(queueId: string, userId: string) {
    return this.send({ method: 'DELETE', path: `/phone/call_queues/${enc(queueId)}/members/${enc(userId)}` });
  }

  listSharedLineGroups(): Promise<s.SharedLineGroup[]> {
    return collect(
      this.pages('/phone/shared_line_groups', { page_size: 300 }, s.sharedLineGroupList, (p) => p.shared_line_groups),
    );
  }

  getSharedLineGroup(id: string): Promise<s.SharedLineGroup | undefined> {
    return this.unlessGone(
      this.call({ method: 'GET', path: `/phone/shared_line_groups/${enc(id)}` }, s.sharedLineGroup),
      404,
    );
  }

  addSharedLineGroupMembers(groupId: string, userIds: string[]) {
    if (userIds.length === 0 || userIds.length > MEMBERS_PER_CALL)
      throw new RangeError(`Zoom takes 1 to ${MEMBERS_PER_CALL} members per call`);
    return this.send({
      method: 'POST',
      path: `/phone/shared_line_groups/${enc(groupId)}/members`,
      body: { members: { users: userIds.map((id) => ({ id })) } },
    });
  }

  removeSharedLineGroupMember(groupId: string, userId: string) {
    return this.send({ method: 'DELETE', path: `/phone/shared_line_groups/${enc(groupId)}/members/${enc(userId)}` });
  }

  getPhoneUserSettings(userId: string): Promise<s.PhoneUserSettings> {
    return this.call({ method: 'GET', path: `/phone/users/${enc(userId)}/settings` }, s.phoneUserSettings);
  }

  /** E.164 of a number the user may present, or '' to hide the caller ID. Not a field of PATCH /phone/users/{id}. */
  setOutboundCallerId(userId: string, number: string) {
    return this.send({
      method: 'PATCH',
      path: `/phone/users/${enc(userId)}/settings`,
      body: { outbound_caller_id: number },
    });
  }

  /** A queue's (or group's) number must be added here, by number id, before it can be the caller ID. */
  addCustomizedCallerIds(userId: string, phoneNumberIds: string[]) {
    return this.send({
      method: 'POST',
      path: `/phone/users/${enc(userId)}/outbound_caller_id/customized_numbers`,
      body: { phone_number_ids: phoneNumberIds },
    });
  }

  async listCustomizedCallerIds(userId: string): Promise<{ phoneNumberId?: string; number?: string }[]> {
    return collect(
      this.pages(
        `/phone/users/${enc(userId)}/outbound_caller_id/customized_numbers`,
        { page_size: 300 },
        s.customizedNumberList,
        (p) => p.customize_numbers,
      ),
    );
  }
}
