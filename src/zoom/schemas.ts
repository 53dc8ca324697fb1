// Zoom response shapes phonebot relies on, from Zoom's OpenAPI files. Fields phonebot reads are checked,
// normalised where Zoom is inconsistent (extensions come back as integers, numbers sometimes without "+"),
// and turned into the domain's camelCase shapes (src/domain/ports.ts): no Zoom field name leaves src/zoom.
import { z } from 'zod';
import type {
  ZoomCallingPlan,
  ZoomDirectoryUser,
  ZoomPhoneNumber,
  ZoomPhoneUser,
  ZoomSettingTemplate,
  ZoomSite,
} from '../domain/ports.js';

const extension = z.union([z.number(), z.string()]).transform((v) => String(v));
const e164 = z.string().transform((v) => (v.startsWith('+') ? v : `+${v}`));

export const zoomUser = z
  .looseObject({
    id: z.string(),
    email: z.string(),
    first_name: z.string().optional(),
    last_name: z.string().optional(),
    status: z.enum(['active', 'inactive', 'pending']).optional(),
    type: z.number().optional(),
  })
  .transform((u): ZoomDirectoryUser => ({
    id: u.id,
    email: u.email,
    firstName: u.first_name,
    lastName: u.last_name,
    status: u.status,
    type: u.type,
  }));

export const userList = z.looseObject({
  next_page_token: z.string().optional(),
  users: z
    .array(z.looseObject({ id: z.string().optional(), email: z.string(), status: z.string().optional() }))
    .optional()
    .default([]),
});

export const createdUser = z.looseObject({ id: z.string(), email: z.string().optional() });

const callingPlanRef = z.looseObject({ type: z.coerce.number(), name: z.string().optional() });
const numberRef = z.looseObject({ id: z.string().optional(), number: e164 });

export const phoneUser = z
  .looseObject({
    id: z.string(),
    email: z.string().optional(),
    name: z.string().optional(),
    phone_user_id: z.string().optional(),
    extension_id: z.string().optional(),
    extension_number: extension.optional(),
    status: z.string().optional(),
    site_id: z.string().optional(),
    site: z.looseObject({ id: z.string().optional(), name: z.string().optional() }).optional(),
    calling_plans: z.array(callingPlanRef).optional().default([]),
    phone_numbers: z.array(numberRef).optional().default([]),
  })
  .transform((p): ZoomPhoneUser => ({
    id: p.id,
    email: p.email,
    name: p.name,
    phoneUserId: p.phone_user_id,
    extensionId: p.extension_id,
    extensionNumber: p.extension_number,
    status: p.status,
    siteId: p.site_id ?? p.site?.id,
    site: p.site ? { id: p.site.id, name: p.site.name } : undefined,
    callingPlans: p.calling_plans.map((c) => ({ type: c.type, name: c.name })),
    phoneNumbers: p.phone_numbers.map((n) => ({ id: n.id, number: n.number })),
  }));

export const phoneUserList = z.looseObject({
  next_page_token: z.string().optional(),
  total_records: z.number().optional(),
  users: z.array(phoneUser).optional().default([]),
});

export const callingPlan = z
  .looseObject({
    type: z.coerce.number(),
    name: z.string(),
    subscribed: z.number().optional(),
    assigned: z.number().optional(),
    available: z.number().optional(),
  })
  .transform((c): ZoomCallingPlan => ({
    type: c.type,
    name: c.name,
    subscribed: c.subscribed,
    assigned: c.assigned,
    available: c.available,
  }));
export const callingPlanList = z.looseObject({ calling_plans: z.array(callingPlan).optional().default([]) });

/**
 * One number of `GET /number_management/numbers` (the replacement for the deprecated `GET /phone/numbers`),
 * reduced to what phonebot reads: who holds it (the first of `assigned_list`) and its site. The reference
 * notes a published typo `assgined_to_name` beside the spec's `assigned_to_name`; either is read.
 */
const managedNumber = z.looseObject({
  id: z.string(),
  number: e164,
  status: z.string().optional(),
  allocated_product: z.string().optional(),
  site: z.looseObject({ site_id: z.string().optional(), name: z.string().optional() }).optional().nullable(),
  assigned_list: z
    .array(
      z.looseObject({
        assigned_to_id: z.string().optional(),
        assigned_to_name: z.string().optional(),
        assgined_to_name: z.string().optional(),
        assigned_to_type: z.string().optional(),
      }),
    )
    .optional()
    .nullable(),
});
export const phoneNumber = managedNumber.transform((n): ZoomPhoneNumber => {
  const holder = n.assigned_list?.[0];
  return {
    id: n.id,
    number: n.number,
    status: n.status,
    assignee: holder
      ? {
          id: holder.assigned_to_id,
          name: holder.assigned_to_name ?? holder.assgined_to_name,
          type: holder.assigned_to_type,
        }
      : undefined,
    site: n.site ? { id: n.site.site_id, name: n.site.name } : undefined,
  };
});
export const phoneNumberList = z.looseObject({
  next_page_token: z.string().optional(),
  numbers: z.array(phoneNumber).optional().default([]),
});
export const assignedNumbers = z
  .looseObject({ phone_numbers: z.array(numberRef).optional().default([]) })
  .transform((a) => ({ phoneNumbers: a.phone_numbers.map((n) => ({ id: n.id, number: n.number })) }));

export const site = z
  .looseObject({
    id: z.string(),
    name: z.string(),
    site_code: z.union([z.number(), z.string()]).optional().nullable(),
  })
  .transform((x): ZoomSite => ({
    id: x.id,
    name: x.name,
    siteCode: x.site_code === undefined || x.site_code === null || x.site_code === '' ? undefined : String(x.site_code),
  }));
export const siteList = z.looseObject({
  next_page_token: z.string().optional(),
  sites: z.array(site).optional().default([]),
});

export const settingTemplate = z
  .looseObject({ id: z.string(), name: z.string(), type: z.string().optional() })
  .transform((t): ZoomSettingTemplate => ({ id: t.id, name: t.name, type: t.type }));
export const settingTemplateList = z.looseObject({
  next_page_token: z.string().optional(),
  templates: z.array(settingTemplate).optional().default([]),
});

export const batchAddResult = z.array(z.looseObject({ email: z.string().optional(), id: z.string().optional() }));
