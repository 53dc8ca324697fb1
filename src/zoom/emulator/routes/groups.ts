import type { EmulatorContext } from '../context.js';
import { ZoomApiError, invalidField } from '../errors.js';
import { route, type Route } from '../router.js';
import type { CallQueueRecord, SharedLineGroupRecord, UserRecord } from '../state.js';
import { bodyObject, listPage } from './helpers.js';

/** Zoom takes at most this many members per add call. */
export const MAX_MEMBERS_PER_CALL = 10;

function invalidToken(): ZoomApiError {
  return new ZoomApiError(400, 300, 'The next page token is invalid or expired.');
}

function siteRef(em: EmulatorContext, siteId: string | undefined): Record<string, unknown> {
  const site = em.state.site(siteId);
  return site ? { site: { id: site.id, name: site.name } } : {};
}

function memberUsers(em: EmulatorContext, ids: string[]): UserRecord[] {
  return ids.flatMap((id) => {
    const u = em.state.findUser(id);
    return u ? [u] : [];
  });
}

/**
 * `members.users` of an add call: each `{id}` or `{email}`; only users holding a phone profile can join.
 * Checks everything before anything changes, as Zoom answers one error for the whole call.
 */
function usersToAdd(em: EmulatorContext, body: unknown): UserRecord[] {
  const b = bodyObject(body);
  const members = b.members && typeof b.members === 'object' ? (b.members as Record<string, unknown>) : undefined;
  if (!members || !Array.isArray(members.users) || members.users.length === 0) throw invalidField('members.users');
  if (members.users.length > MAX_MEMBERS_PER_CALL)
    throw new ZoomApiError(400, 300, 'Exceeded the maximum number to add members per time.');
  return members.users.map((raw, i) => {
    const r = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
    const key =
      typeof r.id === 'string' && r.id !== ''
        ? r.id
        : typeof r.email === 'string' && r.email !== ''
          ? r.email
          : undefined;
    if (key === undefined) throw invalidField(`members.users[${i}]`);
    const u = em.state.findUser(key);
    if (!u?.phone || u.status !== 'active') throw new ZoomApiError(404, 1001, `User not found: ${key}.`);
    return u;
  });
}

function memberToRemove(em: EmulatorContext, memberIds: string[], memberId: string): string | undefined {
  return memberIds.find((id) => id === memberId || em.state.findUser(id)?.phone?.extensionId === memberId);
}

function queueNumbers(q: CallQueueRecord): object[] {
  return q.phoneNumbers.map((n) => ({ id: n.id, number: n.number, source: 'internal' }));
}

function requireQueueForMembers(em: EmulatorContext, id: string): CallQueueRecord {
  const q = em.state.callQueues.find((x) => x.id === id);
  if (!q) throw new ZoomApiError(400, 300, `Validation Failed. The group does not exist, groupId:${id}.`);
  return q;
}

function requireGroup(em: EmulatorContext, id: string, status: 400 | 404 = 404): SharedLineGroupRecord {
  const g = em.state.sharedLineGroups.find((x) => x.id === id);
  if (!g) throw new ZoomApiError(status, status === 404 ? 404 : 300, `Shared line group does not exist: ${id}.`);
  return g;
}

export const groupRoutes: Route[] = [
  route('GET', '/phone/call_queues', ({ em, query }) => {
    const siteId = query.get('site_id');
    const list = em.state.callQueues.filter((q) => siteId === null || q.siteId === siteId);
    return listPage(
      em,
      'call_queues',
      list,
      { scope: `GET /phone/call_queues?${siteId ?? ''}`, query, defaultSize: 30, maxSize: 100, invalidToken },
      (q) => ({
        id: q.id,
        name: q.name,
        extension_id: q.extensionId,
        extension_number: Number(q.extensionNumber),
        status: 'active',
        phone_numbers: queueNumbers(q),
        ...siteRef(em, q.siteId),
      }),
    );
  }),

  route('GET', '/phone/call_queues/{callQueueId}', ({ em, params }) => {
    const id = params.callQueueId ?? '';
    const q = em.state.callQueues.find((x) => x.id === id);
    if (!q) throw new ZoomApiError(404, 13000, `The Call Queue does not exist, callQueueId:${id}.`);
    return {
      status: 200,
      body: {
        id: q.id,
        name: q.name,
        extension_id: q.extensionId,
        extension_number: Number(q.extensionNumber),
        status: 'active',
        phone_numbers: queueNumbers(q),
        members: {
          users: memberUsers(em, q.memberIds).map((u) => ({
            id: u.id,
            name: u.displayName || u.email,
            level: 'user',
            receive_call: true,
            extension_id: u.phone?.extensionId ?? '',
          })),
          common_areas: [],
        },
        ...siteRef(em, q.siteId),
      },
    };
  }),

  route('POST', '/phone/call_queues/{callQueueId}/members', ({ em, params, body }) => {
    const q = requireQueueForMembers(em, params.callQueueId ?? '');
    const users = usersToAdd(em, body);
    // Adding someone already in the queue is refused, so a blind retry of a write that happened shows up.
    const already = users.find((u) => q.memberIds.includes(u.id));
    if (already) throw new ZoomApiError(400, 300, `User ${already.email} is already a member of this call queue.`);
    for (const u of users) if (!q.memberIds.includes(u.id)) q.memberIds.push(u.id);
    return { status: 201 };
  }),

  route('DELETE', '/phone/call_queues/{callQueueId}/members/{memberId}', ({ em, params }) => {
    const q = requireQueueForMembers(em, params.callQueueId ?? '');
    const holder = memberToRemove(em, q.memberIds, params.memberId ?? '');
    if (holder === undefined) throw new ZoomApiError(404, 1001, `Member does not exist: ${params.memberId ?? ''}.`);
    q.memberIds = q.memberIds.filter((id) => id !== holder);
    return { status: 204 };
  }),

  route('GET', '/phone/shared_line_groups', ({ em, query }) => {
    return listPage(
      em,
      'shared_line_groups',
      em.state.sharedLineGroups,
      { scope: 'GET /phone/shared_line_groups', query, defaultSize: 30, maxSize: 300, invalidToken },
      (g) => ({
        id: g.id,
        display_name: g.displayName,
        extension_id: g.extensionId,
        extension_number: Number(g.extensionNumber),
        status: 'active',
        phone_numbers: g.phoneNumbers.map((n) => ({ id: n.id, number: n.number, status: 'available' })),
        ...siteRef(em, g.siteId),
      }),
    );
  }),

  route('GET', '/phone/shared_line_groups/{sharedLineGroupId}', ({ em, params }) => {
    const g = requireGroup(em, params.sharedLineGroupId ?? '');
    return {
      status: 200,
      body: {
        id: g.id,
        display_name: g.displayName,
        extension_id: g.extensionId,
        extension_number: Number(g.extensionNumber),
        status: 'active',
        phone_numbers: g.phoneNumbers.map((n) => ({ id: n.id, number: n.number })),
        ...(g.phoneNumbers[0] ? { primary_number: g.phoneNumbers[0].number } : {}),
        members: {
          users: memberUsers(em, g.memberIds).map((u) => ({
            id: u.id,
            name: u.displayName || u.email,
            extension_id: u.phone?.extensionId ?? '',
          })),
          common_areas: [],
        },
        ...siteRef(em, g.siteId),
      },
    };
  }),

  route('POST', '/phone/shared_line_groups/{slgId}/members', ({ em, params, body }) => {
    const g = requireGroup(em, params.slgId ?? '', 400);
    const users = usersToAdd(em, body);
    for (const u of users) {
      if (g.memberIds.includes(u.id))
        throw new ZoomApiError(400, 300, `User ${u.email} is already a member of this shared line group.`);
      // Zoom allows a user in only one shared line group.
      const other = em.state.sharedLineGroups.find((x) => x !== g && x.memberIds.includes(u.id));
      if (other)
        throw new ZoomApiError(
          400,
          300,
          `User ${u.email} is already a member of shared line group ${other.displayName}.`,
        );
    }
    for (const u of users) g.memberIds.push(u.id);
    return { status: 201 };
  }),

  route('DELETE', '/phone/shared_line_groups/{slgId}/members/{memberId}', ({ em, params }) => {
    const g = requireGroup(em, params.slgId ?? '', 400);
    const holder = memberToRemove(em, g.memberIds, params.memberId ?? '');
    if (holder === undefined) throw new ZoomApiError(400, 300, `Member does not exist: ${params.memberId ?? ''}.`);
    g.memberIds = g.memberIds.filter((id) => id !== holder);
    return { status: 204 };
  }),
];
