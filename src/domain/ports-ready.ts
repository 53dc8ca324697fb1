// What the domain needs from Zoom to make a phone user "ready to take calls" (issue 15): emergency
// addresses, desk phones, call queues, shared line groups and the outbound caller ID. Part of ZoomPort
// (./ports.ts); src/zoom/ready-api.ts implements it and owns the wire fields.
import type { EmergencyAddressInput } from './emergency-address.js';

/** Zoom's verification status of an emergency address, by name. */
export type AddressStatus =
  'not_required' | 'unverified' | 'requested' | 'verified' | 'rejected' | 'failed' | 'unknown';

export interface ZoomEmergencyAddress {
  id: string;
  addressLine1: string;
  addressLine2?: string;
  city: string;
  stateCode: string;
  zip: string;
  country: string;
  isDefault: boolean;
  /** A user's own address (level 1), not a site's or the company's. */
  personal: boolean;
  status: AddressStatus;
  siteId?: string;
  ownerId?: string;
}

export interface ZoomDevice {
  id: string;
  displayName: string;
  /** 12 lower-case hex digits. */
  macAddress: string;
  deviceType?: string;
  provisionTemplateId?: string;
  siteId?: string;
  assignees: { userId?: string; extensionId?: string; extensionNumber?: string }[];
}

export interface NewDevice {
  displayName: string;
  /** 12 hex digits (domain/mac-address.ts). */
  macAddress: string;
  /** The brand. */
  type: string;
  model?: string;
  /** Zoom user id or e-mail. */
  assignedTo?: string;
  provisionTemplateId?: string;
}

export interface ZoomProvisionTemplate {
  id: string;
  name: string;
  description: string;
}

/** A call queue or a shared line group; `members` only on the single read. */
export interface ZoomGroup {
  id: string;
  name: string;
  extensionNumber?: string;
  siteId?: string;
  phoneNumbers: { id?: string; number: string }[];
  members: { userId: string; extensionId?: string }[];
}

export interface ZoomPhoneUserSettings {
  /** '' = hidden; undefined = Zoom did not say. */
  outboundCallerId?: string;
  /** The user's desk phones (MAC as Zoom writes it). */
  deskPhones?: { id: string; macAddress?: string }[];
}

export interface ZoomReadyPort {
  listEmergencyAddresses(filter?: { siteId?: string; userId?: string }): Promise<ZoomEmergencyAddress[]>;
  /** The user's personal address (POST /phone/emergency_addresses with user_id). */
  createPersonalEmergencyAddress(userId: string, address: EmergencyAddressInput): Promise<ZoomEmergencyAddress>;
  getDevice(id: string): Promise<ZoomDevice | undefined>;
  findDeviceByMac(mac: string): Promise<ZoomDevice | undefined>;
  /** Every desk phone of the account (a CSV check reads them once instead of once per MAC). */
  listDevices(): Promise<ZoomDevice[]>;
  addDevice(device: NewDevice): Promise<{ id: string }>;
  /** Puts an existing device on these extensions (the device's own assignees stay). */
  assignDevice(deviceId: string, extensionIds: string[]): Promise<void>;
  /** Takes the extension off the device; the device stays in the account. */
  unassignDevice(deviceId: string, extensionId: string): Promise<void>;
  listProvisionTemplates(): Promise<ZoomProvisionTemplate[]>;
  listCallQueues(): Promise<ZoomGroup[]>;
  getCallQueue(id: string): Promise<ZoomGroup | undefined>;
  /** 1 to 10 users per call. */
  addCallQueueMembers(queueId: string, userIds: string[]): Promise<void>;
  removeCallQueueMember(queueId: string, userId: string): Promise<void>;
  listSharedLineGroups(): Promise<ZoomGroup[]>;
  getSharedLineGroup(id: string): Promise<ZoomGroup | undefined>;
  addSharedLineGroupMembers(groupId: string, userIds: string[]): Promise<void>;
  removeSharedLineGroupMember(groupId: string, userId: string): Promise<void>;
  getPhoneUserSettings(userId: string): Promise<ZoomPhoneUserSettings>;
  /** E.164 the user may present, or '' to hide it. */
  setOutboundCallerId(userId: string, number: string): Promise<void>;
  /** A queue's number must be added by number id before it can be the caller ID. */
  addCustomizedCallerIds(userId: string, phoneNumberIds: string[]): Promise<void>;
  listCustomizedCallerIds(userId: string): Promise<{ phoneNumberId?: string; number?: string }[]>;
}
