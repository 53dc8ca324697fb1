// Zoom response shapes for the "ready to take calls" parts (issue 15): emergency addresses, site detail,
// desk phones, provision templates, call queues, shared line groups, outbound caller ID. Each schema checks
// the fields phonebot reads and turns Zoom's snake_case into the camelCase shapes the domain uses.
import { z } from 'zod';

const extension = z.union([z.number(), z.string()]).transform((v) => String(v));
const e164 = z.string().transform((v) => (v === '' || v.startsWith('+') ? v : `+${v}`));
const ref = z.looseObject({ id: z.string().optional(), name: z.string().optional() });

/** Zoom's verification status codes, by name. */
export const ADDRESS_STATUS = {
  1: 'not_required',
  2: 'unverified',
  3: 'requested',
  4: 'verified',
  5: 'rejected',
  6: 'failed',
} as const;
export type AddressStatus = (typeof ADDRESS_STATUS)[keyof typeof ADDRESS_STATUS] | 'unknown';

const addressStatus = z
  .number()
  .optional()
  .transform((n): AddressStatus =>
    n !== undefined && n in ADDRESS_STATUS ? ADDRESS_STATUS[n as keyof typeof ADDRESS_STATUS] : 'unknown',
  );

export const emergencyAddress = z
  .looseObject({
    id: z.string(),
    address_line1: z.string(),
    address_line2: z.string().optional(),
    city: z.string(),
    state_code: z.string().optional().default(''),
    zip: z.string().optional().default(''),
    country: z.string(),
    is_default: z.boolean().optional(),
    level: z.number().optional(),
    status: addressStatus,
    site: ref.optional(),
    owner: z.looseObject({ id: z.string().optional(), name: z.string().optional() }).optional(),
  })
  .transform((a) => ({
    id: a.id,
    addressLine1: a.address_line1,
    addressLine2: a.address_line2,
    city: a.city,
    stateCode: a.state_code,
    zip: a.zip,
    country: a.country,
    isDefault: a.is_default ?? false,
    personal: a.level === 1,
    status: a.status,
    siteId: a.site?.id,
    ownerId: a.owner?.id,
  }));
export type EmergencyAddress = z.output<typeof emergencyAddress>;
export const emergencyAddressList = z.looseObject({
  next_page_token: z.string().optional(),
  emergency_addresses: z.array(emergencyAddress).optional().default([]),
});

/** GET /phone/sites/{siteId}: only the single site has its short-extension length (default 3) and default emergency address. */
export const siteDetail = z
  .looseObject({
    id: z.string(),
    name: z.string(),
    site_code: z.union([z.number(), z.string()]).optional(),
    short_extension: z.looseObject({ length: z.number().int().optional() }).optional(),
    default_emergency_address: emergencyAddress.optional(),
  })
  .transform((s) => ({
    id: s.id,
    name: s.name,
    siteCode: s.site_code === undefined ? undefined : String(s.site_code),
    shortExtensionLength: s.short_extension?.length ?? 3,
    defaultEmergencyAddress: s.default_emergency_address,
  }));
export type SiteDetail = z.output<typeof siteDetail>;

const assignee = z.looseObject({
  id: z.string().optional(),
  extension_id: z.string().optional(),
  extension_number: extension.optional(),
});
export const device = z
  .looseObject({
    id: z.string(),
    display_name: z.string().optional(),
    mac_address: z.string().optional(),
    device_type: z.string().optional(),
    provision_template_id: z.string().optional(),
    site: ref.optional(),
    assignee: assignee.optional(),
    assignees: z.array(assignee).optional(),
  })
  .transform((d) => ({
    id: d.id,
    displayName: d.display_name ?? '',
    macAddress: (d.mac_address ?? '').toLowerCase(),
    deviceType: d.device_type,
    provisionTemplateId: d.provision_template_id,
    siteId: d.site?.id,
    assignees: (d.assignees ?? (d.assignee ? [d.assignee] : [])).map((a) => ({
      userId: a.id,
      extensionId: a.extension_id,
      extensionNumber: a.extension_number,
    })),
  }));
export type Device = z.output<typeof device>;
export const deviceList = z.looseObject({
  next_page_token: z.string().optional(),
  devices: z.array(device).optional().default([]),
});
export const createdDevice = z.looseObject({ id: z.string() });

export const provisionTemplate = z
  .looseObject({ id: z.string(), name: z.string(), description: z.string().optional() })
  .transform((t) => ({ id: t.id, name: t.name, description: t.description ?? '' }));
export type ProvisionTemplate = z.output<typeof provisionTemplate>;
export const provisionTemplateList = z.looseObject({
  next_page_token: z.string().optional(),
  provision_templates: z.array(provisionTemplate).optional().default([]),
});

const groupNumber = z
  .looseObject({ id: z.string().optional(), number: e164 })
  .transform((n) => ({ id: n.id, number: n.number }));
const member = z
  .looseObject({ id: z.string(), extension_id: z.string().optional() })
  .transform((m) => ({ userId: m.id, extensionId: m.extension_id }));
const members = z.looseObject({ users: z.array(member).optional().default([]) }).optional();

export const callQueue = z
  .looseObject({
    id: z.string(),
    name: z.string(),
    extension_number: extension.optional(),
    site: ref.optional(),
    phone_numbers: z.array(groupNumber).optional().default([]),
    members,
  })
  .transform((q) => ({
    id: q.id,
    name: q.name,
    extensionNumber: q.extension_number,
    siteId: q.site?.id,
    phoneNumbers: q.phone_numbers,
    members: q.members?.users ?? [],
  }));
export type CallQueue = z.output<typeof callQueue>;
export const callQueueList = z.looseObject({
  next_page_token: z.string().optional(),
  call_queues: z.array(callQueue).optional().default([]),
});

export const sharedLineGroup = z
  .looseObject({
    id: z.string(),
    display_name: z.string(),
    extension_number: extension.optional(),
    site: ref.optional(),
    phone_numbers: z.array(groupNumber).optional().default([]),
    members,
  })
  .transform((g) => ({
    id: g.id,
    name: g.display_name,
    extensionNumber: g.extension_number,
    siteId: g.site?.id,
    phoneNumbers: g.phone_numbers,
    members: g.members?.users ?? [],
  }));
export type SharedLineGroup = z.output<typeof sharedLineGroup>;
export const sharedLineGroupList = z.looseObject({
  next_page_token: z.string().optional(),
  shared_line_groups: z.array(sharedLineGroup).optional().default([]),
});

/** `outbound_caller.number`: '' = hidden, undefined = Zoom did not say. */
export const phoneUserSettings = z
  .looseObject({
    outbound_caller: z.looseObject({ number: e164.optional() }).optional(),
    desk_phone: z
      .looseObject({
        devices: z
          .array(z.looseObject({ id: z.string(), mac_address: z.string().optional() }))
          .optional()
          .default([]),
      })
      .optional(),
  })
  .transform((s) => ({
    outboundCallerId: s.outbound_caller?.number,
    deskPhones: s.desk_phone?.devices.map((d) => ({ id: d.id, macAddress: d.mac_address })),
  }));
export type PhoneUserSettings = z.output<typeof phoneUserSettings>;

export const customizedNumberList = z.looseObject({
  next_page_token: z.string().optional(),
  customize_numbers: z
    .array(
      z
        .looseObject({ phone_number_id: z.string().optional(), phone_number: e164.optional() })
        .transform((n) => ({ phoneNumberId: n.phone_number_id, number: n.phone_number })),
    )
    .optional()
    .default([]),
});
