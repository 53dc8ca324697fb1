import type { EmulatorContext } from '../context.js';
import { ZoomApiError, invalidField } from '../errors.js';
import { route, type Route } from '../router.js';
import type { GroupNumberRecord, UserRecord } from '../state.js';
import { E164, bodyObject, requirePhoneUser, listPage } from './helpers.js';

type PhoneUser = UserRecord & { phone: NonNullable<UserRecord['phone']> };

/** Numbers of call queues and shared line groups: what a user may add as a customized caller ID. */
function groupNumber(
  em: EmulatorContext,
  id: string,
):
  | (GroupNumberRecord & {
      owner: { id: string; name: string; extensionId: string; extensionNumber: string; type: string };
    })
  | undefined {
  for (const q of em.state.callQueues) {
    const n = q.phoneNumbers.find((x) => x.id === id);
    if (n)
      return {
        ...n,
        owner: {
          id: q.id,
          name: q.name,
          extensionId: q.extensionId,
          extensionNumber: q.extensionNumber,
          type: 'callQueue',
        },
      };
  }
  for (const g of em.state.sharedLineGroups) {
    const n = g.phoneNumbers.find((x) => x.id === id);
    if (n)
      return {
        ...n,
        owner: {
          id: g.id,
          name: g.displayName,
          extensionId: g.extensionId,
          extensionNumber: g.extensionNumber,
          type: 'sharedLineGroup',
        },
      };
  }
  return undefined;
}

/** What the user may show as caller ID: own numbers plus the customized ones. */
function allowedCallerIds(em: EmulatorContext, u: PhoneUser): string[] {
  const own = em.state.numbersOf(u.id).map((n) => n.number);
  const custom = (u.phone.customizedNumberIds ?? []).flatMap((id) => {
    const n = groupNumber(em, id);
    return n ? [n.number] : [];
  });
  return [...own, ...custom];
}

export const phoneSettingsRoutes: Route[] = [
  // Only the fields phonebot reads; Zoom's answer has many more.
  route('GET', '/phone/users/{userId}/settings', ({ em, params }) => {
    const u = requirePhoneUser(em, params.userId ?? '');
    const own = em.state.numbersOf(u.id)[0]?.number;
    const callerId = u.phone.outboundCallerId ?? own;
    const body: Record<string, unknown> = {
      extension_number: Number(u.phone.extensionNumber),
      status: u.phone.status === 'activate' ? 'Active' : 'Inactive',
    };
    if (callerId !== undefined) body.outbound_caller = { number: callerId };
    // desk_phone.devices: the user's desk phones (spec: GET /phone/users/{userId}/settings).
    body.desk_phone = {
      devices: em.state.devices
        .filter((d) => d.assigneeIds.includes(u.id))
        .map((d) => ({
          id: d.id,
          display_name: d.displayName,
          device_type: [d.deviceType, d.model].filter(Boolean).join(' '),
          mac_address: d.macAddress,
        })),
    };
    return { status: 200, body };
  }),

  route('PATCH', '/phone/users/{userId}/settings', ({ em, params, body }) => {
    const b = bodyObject(body);
    const u = requirePhoneUser(em, params.userId ?? '');
    if (b.outbound_caller_id !== undefined) {
      if (typeof b.outbound_caller_id !== 'string') throw invalidField('outbound_caller_id');
      const wanted = b.outbound_caller_id;
      // An empty string hides the caller ID; a number must be one the user may present.
      if (wanted !== '' && (!E164.test(wanted) || !allowedCallerIds(em, u).includes(wanted)))
        throw new ZoomApiError(400, 400, 'Invalid outbound caller ID.');
      u.phone.outboundCallerId = wanted;
    }
    return { status: 204 };
  }),

  route('GET', '/phone/users/{userId}/outbound_caller_id/customized_numbers', ({ em, params, query }) => {
    const u = requirePhoneUser(em, params.userId ?? '');
    const items = (u.phone.customizedNumberIds ?? []).flatMap((id) => {
      const n = groupNumber(em, id);
      return n ? [n] : [];
    });
    return listPage(
      em,
      'customize_numbers',
      items,
      {
        scope: `GET /phone/users/${u.id}/outbound_caller_id/customized_numbers`,
        query,
        defaultSize: 30,
        maxSize: 300,
        invalidToken: () => new ZoomApiError(400, 400, 'The next page token is invalid or expired.'),
      },
      (n) => ({
        customize_id: n.id,
        phone_number_id: n.id,
        phone_number: n.number,
        incoming: false,
        outgoing: true,
        extension_id: n.owner.extensionId,
        extension_type: n.owner.type,
        extension_number: n.owner.extensionNumber,
        extension_name: n.owner.name,
      }),
    );
  }),

  route('POST', '/phone/users/{userId}/outbound_caller_id/customized_numbers', ({ em, params, body }) => {
    const b = bodyObject(body);
    const u = requirePhoneUser(em, params.userId ?? '');
    if (
      !Array.isArray(b.phone_number_ids) ||
      b.phone_number_ids.length === 0 ||
      !b.phone_number_ids.every((x) => typeof x === 'string')
    )
      throw invalidField('phone_number_ids');
    const ids = b.phone_number_ids as string[];
    for (const id of ids)
      if (!groupNumber(em, id)) throw new ZoomApiError(400, 300, `Phone number does not exist: ${id}.`);
    const held = u.phone.customizedNumberIds ?? [];
    u.phone.customizedNumberIds = [...held, ...ids.filter((id) => !held.includes(id))];
    return { status: 201 };
  }),
];
