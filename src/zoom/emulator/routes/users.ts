import { emitUserEvent } from '../context.js';
import { ZoomApiError, invalidField, noPhoneLicense } from '../errors.js';
import { newId } from '../ids.js';
import { deactivate, grantPhone } from '../provisioning.js';
import { route, type Route } from '../router.js';
import type { CreationType, UserRecord, UserType } from '../state.js';
import { bodyObject, isEmail, isoSeconds, requireUser } from './helpers.js';

const USER_TYPES: UserType[] = [1, 2, 4, 99];
const CREATE_ACTIONS = ['create', 'autoCreate', 'custCreate', 'ssoCreate'] as const;

function listItem(u: UserRecord): Record<string, unknown> {
  const item: Record<string, unknown> = {
    email: u.email,
    first_name: u.firstName,
    last_name: u.lastName,
    display_name: u.displayName,
    type: u.type,
    status: u.status,
    verified: u.status === 'pending' ? 0 : 1,
    dept: '',
    role_id: '2',
    timezone: '',
    user_created_at: isoSeconds(u.createdAt),
    created_at: isoSeconds(u.createdAt),
  };
  // Zoom leaves `id` out of pending users in lists (docs/reference/zoom-api.md §5.3, §6.2).
  if (u.status !== 'pending') item.id = u.id;
  return item;
}

function settingsBody(u: UserRecord, option: string | null): Record<string, unknown> {
  if (option === 'meeting_authentication')
    return { meeting_authentication: false, allow_authentication_exception: false, authentication_options: [] };
  if (option === 'recording_authentication') return { recording_authentication: false, authentication_options: [] };
  if (option === 'meeting_security')
    return { meeting_security: { auto_security: true, block_user_domain: false, waiting_room: true } };
  return {
    feature: {
      meeting_capacity: 100,
      large_meeting: false,
      webinar: false,
      zoom_events: false,
      zoom_phone: u.zoomPhone,
      concurrent_meeting: 'None',
    },
    schedule_meeting: { host_video: false, join_before_host: false },
    in_meeting: { allow_live_streaming: false },
  };
}

export const userRoutes: Route[] = [
  route('POST', '/users', ({ em, body }) => {
    const { state } = em;
    const b = bodyObject(body);
    if (typeof b.action !== 'string' || !(CREATE_ACTIONS as readonly string[]).includes(b.action))
      throw invalidField('action');
    const info = b.user_info;
    if (!info || typeof info !== 'object') throw invalidField('user_info');
    const ui = info as Record<string, unknown>;
    if (!isEmail(ui.email)) throw invalidField('user_info.email');
    if (typeof ui.type !== 'number' || !USER_TYPES.includes(ui.type as UserType)) throw invalidField('user_info.type');
    for (const f of ['first_name', 'last_name'] as const) {
      if (ui[f] !== undefined && (typeof ui[f] !== 'string' || ui[f].length > 64)) throw invalidField(`user_info.${f}`);
    }
    const feature = (ui.feature ?? {}) as Record<string, unknown>;
    if (feature.zoom_phone !== undefined && typeof feature.zoom_phone !== 'boolean')
      throw invalidField('user_info.feature.zoom_phone');
    const action = b.action as (typeof CREATE_ACTIONS)[number];
    if (action === 'ssoCreate') {
      throw new ZoomApiError(
        400,
        2032,
        'The ssoCreate option is only available for SSO Partners that have enabled the pre-provision option. Contact the Zoom Support team to learn more.',
      );
    }
    const email = ui.email;
    const existing = state.findUser(email);
    if (existing) {
      // A lapsed invitation no longer holds the email: re-inviting creates a fresh user with a new id.
      if (state.isInvitationExpired(existing, em.now())) state.removeUser(existing);
      else throw new ZoomApiError(409, 1005, `Email "${email}" has already been used.`);
    }
    if (state.account.foreignEmails.some((e) => e.toLowerCase() === email.toLowerCase())) {
      throw new ZoomApiError(400, 1009, `The user ${email} already holds an active account.`);
    }
    const type = ui.type as UserType;
    if (type === 2 && state.licensedSeatsUsed() >= state.account.licensedSeats) {
      throw new ZoomApiError(
        400,
        2034,
        `Your request to add a new Licensed user could not be approved at this time because your account has reached the permitted maximum number of ${state.account.licensedSeats} Licensed users. Please purchase additional licenses or contact the Zoom support team to provision additional users in your account.`,
      );
    }
    const wantsPhone = feature.zoom_phone === true;
    if (wantsPhone && state.phoneLicensesAvailable() < 1) throw noPhoneLicense();
    const firstName = typeof ui.first_name === 'string' ? ui.first_name : '';
    const lastName = typeof ui.last_name === 'string' ? ui.last_name : '';
    const now = em.now();
    const user: UserRecord = {
      id: newId(),
      email,
      firstName,
      lastName,
      displayName:
        typeof ui.display_name === 'string' ? ui.display_name : [firstName, lastName].filter(Boolean).join(' '),
      type,
      // Only `create` sends an invitation; the other actions make a user that can sign in straight away.
      status: action === 'create' ? 'pending' : 'active',
      creationType: action as CreationType,
      createdAt: now,
      acceptedAt: action === 'create' ? undefined : now,
      zoomPhone: wantsPhone,
    };
    state.users.push(user);
    if (wantsPhone && user.status === 'active') grantPhone(em, user);
    void emitUserEvent(em, 'user.created', user);
    return { status: 201, body: { id: user.id, email: user.email, first_name: firstName, last_name: lastName, type } };
  }),

  route('GET', '/users', ({ em, query }) => {
    const status = query.get('status') ?? 'active';
    if (!['active', 'inactive', 'pending'].includes(status)) throw invalidField('status');
    const now = em.now();
    const users = em.state.users.filter((u) => u.status === status && !em.state.isInvitationExpired(u, now));
    const page = em.pages.paginate(users, {
      scope: `GET /users?status=${status}`,
      query,
      defaultSize: 30,
      maxSize: 300,
      allowPageNumber: true,
      invalidToken: () => new ZoomApiError(400, 300, 'The next page token is invalid or expired.'),
    });
    return {
      status: 200,
      body: {
        next_page_token: page.nextPageToken,
        page_count: page.pageCount,
        page_number: page.pageNumber,
        page_size: page.pageSize,
        total_records: page.total,
        users: page.items.map(listItem),
      },
    };
  }),

  route('GET', '/users/{userId}', ({ em, params }) => {
    const u = requireUser(em, params.userId ?? '');
    return {
      status: 200,
      body: {
        id: u.id,
        email: u.email,
        first_name: u.firstName,
        last_name: u.lastName,
        display_name: u.displayName,
        type: u.type,
        status: u.status,
        account_id: em.state.account.id,
        role_name: 'Member',
        role_id: '2',
        dept: '',
        timezone: '',
        language: 'en-US',
        verified: u.status === 'pending' ? 0 : 1,
        user_created_at: isoSeconds(u.createdAt),
        // Documented quirk: for a pending user `created_at` shows the time of the request.
        created_at: isoSeconds(u.status === 'pending' ? em.now() : u.createdAt),
        group_ids: [],
        login_types: [100],
        phone_numbers: [],
      },
    };
  }),

  route('DELETE', '/users/{userId}', ({ em, params, query }) => {
    const action = query.get('action') ?? 'disassociate';
    if (action !== 'disassociate' && action !== 'delete') throw invalidField('action');
    const u = requireUser(em, params.userId ?? '');
    if (u.status === 'pending' && action === 'delete') {
      throw new ZoomApiError(400, 300, 'A pending user can only be disassociated. Use action=disassociate.');
    }
    em.state.removeUser(u);
    void emitUserEvent(em, action === 'delete' ? 'user.deleted' : 'user.disassociated', u);
    return { status: 204 };
  }),

  route('PUT', '/users/{userId}/status', ({ em, params, body }) => {
    const b = bodyObject(body);
    const action = b.action;
    if (typeof action !== 'string' || !['activate', 'deactivate', 'clock_in', 'clock_out'].includes(action))
      throw invalidField('action');
    const u = requireUser(em, params.userId ?? '');
    if (action === 'clock_in' || action === 'clock_out') return { status: 200 };
    if (u.status === 'pending')
      throw new ZoomApiError(400, 300, `The user ${u.email} has not accepted the invitation yet.`);
    if (action === 'deactivate') {
      if (u.status === 'active') {
        deactivate(em, u);
        void emitUserEvent(em, 'user.deactivated', u);
      }
    } else if (u.status === 'inactive') {
      u.status = 'active';
      void emitUserEvent(em, 'user.activated', u);
    }
    // [U] declares 200 without a body.
    return { status: 200 };
  }),

  route('GET', '/users/{userId}/settings', ({ em, params, query }) => {
    const u = requireUser(em, params.userId ?? '');
    return { status: 200, body: settingsBody(u, query.get('option')) };
  }),

  route('PATCH', '/users/{userId}/settings', ({ em, params, body }) => {
    const b = bodyObject(body);
    const u = requireUser(em, params.userId ?? '');
    const feature = b.feature;
    if (feature === undefined) return { status: 204 };
    if (!feature || typeof feature !== 'object') throw invalidField('feature');
    const zoomPhone = (feature as Record<string, unknown>).zoom_phone;
    if (zoomPhone === undefined) return { status: 204 };
    if (typeof zoomPhone !== 'boolean') throw invalidField('feature.zoom_phone');
    // Reported by a third-party connector: updates to a pending user succeed but change nothing.
    // Deactivated users are treated the same way (they hold no licences until re-activated).
    if (u.status !== 'active') return { status: 204 };
    if (zoomPhone && !u.zoomPhone) {
      if (em.state.phoneLicensesAvailable() < 1) throw noPhoneLicense();
      grantPhone(em, u);
    } else if (!zoomPhone && u.zoomPhone) {
      em.state.removePhone(u);
    }
    return { status: 204 };
  }),
];
