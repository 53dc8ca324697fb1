import type { EmulatorContext } from '../context.js';
import { ZoomApiError, invalidField, userNotFound } from '../errors.js';
import { newId } from '../ids.js';
import { route, type Route } from '../router.js';
import type { DeviceRecord } from '../state.js';
import { bodyObject, listPage } from './helpers.js';

/** Zoom allows at most three desk phones per user. */
export const MAX_DEVICES_PER_USER = 3;

function invalidToken(): ZoomApiError {
  return new ZoomApiError(400, 300, 'The next page token is invalid or expired.');
}

function deviceNotFound(id: string): ZoomApiError {
  return new ZoomApiError(400, 300, `Device does not exist: ${id}.`);
}

/** Zoom stores MACs as 12 hex digits; it accepts the common separators on input. */
export function canonicalMac(raw: string): string | undefined {
  const hex = raw.replace(/[:.\-\s]/g, '').toLowerCase();
  return /^[0-9a-f]{12}$/.test(hex) ? hex : undefined;
}

function deviceBody(em: EmulatorContext, d: DeviceRecord): Record<string, unknown> {
  const assignees = d.assigneeIds.flatMap((id) => {
    const u = em.state.findUser(id);
    if (!u?.phone) return [];
    return [
      {
        id: u.id,
        name: u.displayName || u.email,
        extension_number: Number(u.phone.extensionNumber),
        extension_type: 'user',
        extension_id: u.phone.extensionId,
      },
    ];
  });
  const item: Record<string, unknown> = {
    id: d.id,
    display_name: d.displayName,
    mac_address: d.macAddress,
    device_type: d.model === undefined ? d.deviceType : `${d.deviceType} ${d.model}`,
    status: 'offline',
    assignees,
  };
  const first = assignees[0];
  if (first)
    item.assignee = {
      id: first.id,
      name: first.name,
      extension_number: first.extension_number,
      extension_type: first.extension_type,
    };
  if (d.provisionTemplateId !== undefined) item.provision_template_id = d.provisionTemplateId;
  const site = em.state.site(d.siteId);
  if (site) item.site = { id: site.id, name: site.name };
  return item;
}

function requireDevice(em: EmulatorContext, id: string): DeviceRecord {
  const d = em.state.devices.find((x) => x.id === id);
  if (!d) throw deviceNotFound(id);
  return d;
}

export const deviceRoutes: Route[] = [
  route('GET', '/phone/devices', ({ em, query }) => {
    const type = query.get('type');
    const siteId = query.get('site_id');
    const keyword = query.get('keyword')?.toLowerCase();
    const list = em.state.devices.filter(
      (d) =>
        (type === null ||
          (type === 'assigned'
            ? d.assigneeIds.length > 0
            : type === 'unassigned'
              ? d.assigneeIds.length === 0
              : true)) &&
        (siteId === null || d.siteId === siteId) &&
        (keyword === undefined ||
          d.displayName.toLowerCase().includes(keyword) ||
          d.macAddress.includes(keyword.replace(/[:.-]/g, ''))),
    );
    return listPage(
      em,
      'devices',
      list,
      {
        scope: `GET /phone/devices?${type ?? ''}&${siteId ?? ''}&${keyword ?? ''}`,
        query,
        defaultSize: 30,
        maxSize: 300,
        invalidToken,
      },
      (d) => deviceBody(em, d),
    );
  }),

  route('GET', '/phone/devices/{deviceId}', ({ em, params }) => ({
    status: 200,
    body: deviceBody(em, requireDevice(em, params.deviceId ?? '')),
  })),

  route('POST', '/phone/devices', ({ em, body }) => {
    const b = bodyObject(body);
    if (typeof b.display_name !== 'string' || b.display_name === '' || b.display_name.length > 255)
      throw invalidField('display_name');
    if (typeof b.type !== 'string' || b.type === '' || b.type.length > 50) throw invalidField('type');
    if (b.model !== undefined && (typeof b.model !== 'string' || b.model.length > 50)) throw invalidField('model');
    const mac = typeof b.mac_address === 'string' ? canonicalMac(b.mac_address) : undefined;
    if (!mac) throw invalidField('mac_address', 'Invalid MAC address.');
    if (em.state.devices.some((d) => d.macAddress === mac))
      throw new ZoomApiError(400, 300, `The MAC address ${mac} is already in use.`);
    let templateId: string | undefined;
    if (b.provision_template_id !== undefined) {
      if (
        typeof b.provision_template_id !== 'string' ||
        !em.state.provisionTemplates.some((t) => t.id === b.provision_template_id)
      ) {
        throw new ZoomApiError(404, 404, 'Provision template does not exist.');
      }
      templateId = b.provision_template_id;
    }
    let siteId: string | undefined;
    if (b.site_id !== undefined) {
      if (typeof b.site_id !== 'string' || !em.state.site(b.site_id))
        throw new ZoomApiError(404, 404, 'Site does not exist.');
      siteId = b.site_id;
    }
    const assigneeIds: string[] = [];
    if (b.assigned_to !== undefined) {
      if (typeof b.assigned_to !== 'string') throw invalidField('assigned_to');
      const u = em.state.findUser(b.assigned_to);
      if (!u?.phone) throw userNotFound(b.assigned_to);
      const held = em.state.devices.filter((d) => d.assigneeIds.includes(u.id)).length;
      if (held >= MAX_DEVICES_PER_USER)
        throw new ZoomApiError(400, 300, `A user can have at most ${MAX_DEVICES_PER_USER} desk phones.`);
      assigneeIds.push(u.id);
      siteId ??= u.phone.siteId;
    }
    const d: DeviceRecord = {
      id: newId(),
      displayName: b.display_name,
      macAddress: mac,
      deviceType: b.type,
      model: typeof b.model === 'string' ? b.model : undefined,
      provisionTemplateId: templateId,
      siteId,
      assigneeIds,
    };
    em.state.devices.push(d);
    return { status: 201, body: { id: d.id, display_name: d.displayName } };
  }),

  // Assigns the phone users with these extension ids to an existing device (its assignees stay).
  route('POST', '/phone/devices/{deviceId}/extensions', ({ em, params, body }) => {
    const d = requireDevice(em, params.deviceId ?? '');
    const b = bodyObject(body);
    const ids = b.assignee_extension_ids;
    if (!Array.isArray(ids) || ids.length === 0 || ids.some((x) => typeof x !== 'string'))
      throw invalidField('assignee_extension_ids');
    for (const ext of ids as string[]) {
      const u = em.state.users.find((x) => x.phone?.extensionId === ext);
      if (!u) throw new ZoomApiError(400, 300, `Extension ${ext} does not exist.`);
      if (d.assigneeIds.includes(u.id)) continue;
      const held = em.state.devices.filter((x) => x.assigneeIds.includes(u.id)).length;
      if (held >= MAX_DEVICES_PER_USER)
        throw new ZoomApiError(400, 300, `A user can have at most ${MAX_DEVICES_PER_USER} desk phones.`);
      d.assigneeIds.push(u.id);
    }
    // The spec answers 201 (with no body phonebot reads).
    return { status: 201, body: {} };
  }),

  // Takes the assignee off the device; the device stays in the account.
  route('DELETE', '/phone/devices/{deviceId}/extensions/{extensionId}', ({ em, params }) => {
    const d = requireDevice(em, params.deviceId ?? '');
    const ext = params.extensionId ?? '';
    const holder = d.assigneeIds.find((id) => em.state.findUser(id)?.phone?.extensionId === ext);
    if (holder === undefined) throw new ZoomApiError(400, 300, `Extension ${ext} is not assigned to this device.`);
    d.assigneeIds = d.assigneeIds.filter((id) => id !== holder);
    return { status: 204 };
  }),

  route('DELETE', '/phone/devices/{deviceId}', ({ em, params }) => {
    const d = requireDevice(em, params.deviceId ?? '');
    em.state.devices = em.state.devices.filter((x) => x !== d);
    return { status: 204 };
  }),

  // Provision templates carry no device model in the API.
  route('GET', '/phone/provision_templates', ({ em, query }) => {
    return listPage(
      em,
      'provision_templates',
      em.state.provisionTemplates,
      { scope: 'GET /phone/provision_templates', query, defaultSize: 30, maxSize: 300, invalidToken },
      (t) => ({
        id: t.id,
        name: t.name,
        description: t.description,
        bound_device_count: em.state.devices.filter((d) => d.provisionTemplateId === t.id).length,
      }),
    );
  }),
];
