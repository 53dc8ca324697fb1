// Typed Zoom endpoints phonebot uses (Users API + Zoom Phone API). Each method is one Zoom call; the
// provisioning logic decides the order and what to re-read. Paths and bodies follow Zoom's OpenAPI files.
import type { z } from 'zod';
import type {
  NewBatchPhoneUser,
  PhoneUserPatch,
  ZoomCallingPlan,
  ZoomDirectoryUser,
  ZoomPhoneNumber,
  ZoomPhoneUser,
  ZoomPort,
  ZoomReadyPort,
  ZoomSettingTemplate,
  ZoomSite,
  ZoomSiteDetail,
} from '../domain/ports.js';
import { ZoomApiError, ZoomUncertainError } from '../domain/zoom-errors.js';
import type { ZoomHttp, ZoomRequest } from './http.js';
import { siteDetail } from './ready-schemas.js';
import * as s from './schemas.js';

const enc = encodeURIComponent;

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** The seed's endpoints; ZoomReadyApi (ready-api.ts) adds the issue-15 ones and is the whole ZoomPort. */
export class ZoomApi implements Omit<ZoomPort, keyof ZoomReadyPort> {
  constructor(private readonly http: ZoomHttp) {}

  protected async call<S extends z.ZodType>(req: ZoomRequest, schema: S): Promise<z.output<S>> {
    const res = await this.http.request(req);
    const parsed = schema.safeParse(res.body);
    if (!parsed.success) {
      throw new ZoomUncertainError(
        req.method,
        req.path,
        `unexpected response shape (${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? ''})`,
        res.status,
        res.trackingId,
      );
    }
    return parsed.data;
  }

  protected async send(req: ZoomRequest): Promise<void> {
    await this.http.request(req);
  }

  /** Every item of a paged GET, following next_page_token. */
  protected async *pages<S extends z.ZodType<{ next_page_token?: string }>, T>(
    path: string,
    query: NonNullable<ZoomRequest['query']>,
    schema: S,
    items: (page: z.output<S>) => T[],
  ): AsyncGenerator<T> {
    let token: string | undefined;
    do {
      const page = await this.call({ method: 'GET', path, query: { ...query, next_page_token: token } }, schema);
      yield* items(page);
      token = page.next_page_token || undefined;
    } while (token);
  }

  /** A read whose "no such thing" answer (`status`/`code`) means undefined, not an error. */
  protected async unlessGone<T>(read: Promise<T>, status: number, code?: number): Promise<T | undefined> {
    try {
      return await read;
    } catch (err) {
      if (err instanceof ZoomApiError && err.is(status, code)) return undefined;
      throw err;
    }
  }

  /** GET /users/{userId} — id or email; undefined when Zoom has no such user (404/1001). */
  findUser(idOrEmail: string): Promise<ZoomDirectoryUser | undefined> {
    return this.unlessGone(this.call({ method: 'GET', path: `/users/${enc(idOrEmail)}` }, s.zoomUser), 404);
  }

  /** GET /users for one status; pending users come back without an id (Zoom omits it). */
  listUsers(status: 'active' | 'inactive' | 'pending') {
    return this.pages('/users', { status, page_size: 300 }, s.userList, (p) => p.users);
  }

  /** POST /users action=create: the user is invited by email and stays pending until they accept. */
  createUser(input: { email: string; firstName?: string; lastName?: string }) {
    return this.call(
      {
        method: 'POST',
        path: '/users',
        body: {
          action: 'create',
          user_info: {
            email: input.email,
            type: 1,
            first_name: input.firstName || undefined,
            last_name: input.lastName || undefined,
          },
        },
      },
      s.createdUser,
    );
  }

  /** DELETE /users/{userId}: `disassociate` unlinks (the only way to withdraw an invitation), `delete` is permanent. */
  deleteUser(id: string, action: 'disassociate' | 'delete') {
    return this.send({ method: 'DELETE', path: `/users/${enc(id)}`, query: { action } });
  }

  setUserStatus(id: string, action: 'activate' | 'deactivate') {
    return this.send({ method: 'PUT', path: `/users/${enc(id)}/status`, body: { action } });
  }

  /** PATCH /users/{userId}/settings feature.zoom_phone: true assigns a Zoom Phone licence, false removes it. */
  setZoomPhoneFeature(id: string, enabled: boolean) {
    return this.send({
      method: 'PATCH',
      path: `/users/${enc(id)}/settings`,
      body: { feature: { zoom_phone: enabled } },
    });
  }

  /** GET /phone/users/{userId}; undefined when the user has no Zoom Phone (404/1001). */
  findPhoneUser(idOrEmail: string): Promise<ZoomPhoneUser | undefined> {
    return this.unlessGone(
      this.call({ method: 'GET', path: `/phone/users/${enc(idOrEmail)}` }, s.phoneUser),
      404,
      1001,
    );
  }

  listPhoneUsers(query: { keyword?: string; siteId?: string; pageSize?: number } = {}) {
    return this.pages(
      '/phone/users',
      { page_size: query.pageSize ?? 100, keyword: query.keyword, site_id: query.siteId },
      s.phoneUserList,
      (p) => p.users,
    );
  }

  /** PATCH /phone/users/{userId}: extension_number is the full number (site code + short extension). */
  updatePhoneUser(id: string, patch: PhoneUserPatch) {
    const body = { extension_number: patch.extensionNumber, site_id: patch.siteId, template_id: patch.templateId };
    return this.send({ method: 'PATCH', path: `/phone/users/${enc(id)}`, body });
  }

  /** POST /phone/users/batch: at most 10 active users; plans by name, short extensions. */
  batchAddPhoneUsers(users: NewBatchPhoneUser[]) {
    if (users.length > 10) throw new RangeError('Zoom takes at most 10 users per batch');
    const body = {
      users: users.map((u) => ({
        email: u.email,
        extension_number: u.extensionNumber,
        calling_plans: u.callingPlans,
        site_name: u.siteName,
        template_name: u.templateName,
        phone_numbers: u.phoneNumbers,
        first_name: u.firstName,
        last_name: u.lastName,
        desk_phones: u.deskPhones?.map((d) => ({
          brand: d.brand,
          model: d.model,
          mac: d.mac,
          provision_template: d.provisionTemplate,
        })),
        outbound_caller_id: u.outboundCallerId,
      })),
    };
    return this.call({ method: 'POST', path: '/phone/users/batch', body }, s.batchAddResult);
  }

  assignCallingPlans(id: string, types: number[]) {
    return this.send({
      method: 'POST',
      path: `/phone/users/${enc(id)}/calling_plans`,
      body: { calling_plans: types.map((type) => ({ type })) },
    });
  }

  unassignCallingPlan(id: string, type: number) {
    return this.send({ method: 'DELETE', path: `/phone/users/${enc(id)}/calling_plans/${type}` });
  }

  assignPhoneNumbers(id: string, numbers: string[]) {
    return this.call(
      {
        method: 'POST',
        path: `/phone/users/${enc(id)}/phone_numbers`,
        body: { phone_numbers: numbers.map((number) => ({ number })) },
      },
      s.assignedNumbers,
    );
  }

  unassignPhoneNumber(id: string, numberOrId: string) {
    return this.send({ method: 'DELETE', path: `/phone/users/${enc(id)}/phone_numbers/${enc(numberOrId)}` });
  }

  async listCallingPlans(): Promise<ZoomCallingPlan[]> {
    return (await this.call({ method: 'GET', path: '/phone/calling_plans' }, s.callingPlanList)).calling_plans;
  }

  // Zoom Phone numbers come from Number Management (`GET /number_management/numbers`): Zoom's Phone spec
  // marks `GET /phone/numbers` deprecated. `allocated_product=ZOOM_PHONE` keeps the list to what the old
  // route listed — numbers a phone user can hold, not Contact Center ones.

  /** One number, looked up by `keyword` (a prefix match on the digits): undefined when the account does not have it. */
  async findPhoneNumber(number: string): Promise<ZoomPhoneNumber | undefined> {
    const query = { allocated_product: 'ZOOM_PHONE', keyword: number.replace(/\D/g, ''), page_size: 30 };
    const page = await this.call({ method: 'GET', path: '/number_management/numbers', query }, s.phoneNumberList);
    return page.numbers.find((n) => n.number === number);
  }

  /**
   * Zoom Phone numbers: all of them, those held by anyone (user, call queue, …), or the pool a new phone can
   * take (unassigned and not pending a port). Number Management filters by one holder type at a time, so
   * "held by anyone" is the whole list with the unassigned left out here.
   */
  async *listPhoneNumbers(which: 'assigned' | 'unassigned' | 'all'): AsyncGenerator<ZoomPhoneNumber> {
    const filter = which === 'unassigned' ? { assigned_to_type: 'PhoneUnassigned', number_status: 'Normal' } : {};
    const numbers = this.pages(
      '/number_management/numbers',
      { allocated_product: 'ZOOM_PHONE', ...filter, page_size: 200 },
      s.phoneNumberList,
      (p) => p.numbers,
    );
    for await (const n of numbers) if (which !== 'assigned' || n.assignee) yield n;
  }

  listSites(): Promise<ZoomSite[]> {
    return collect(this.pages('/phone/sites', { page_size: 300 }, s.siteList, (p) => p.sites));
  }

  /**
   * GET /phone/sites/{siteId}: the only answer with the site's short-extension length and its default
   * emergency address (the list has neither); undefined for an unknown site (400/400, the spec's only error).
   */
  getSite(id: string): Promise<ZoomSiteDetail | undefined> {
    return this.unlessGone(this.call({ method: 'GET', path: `/phone/sites/${enc(id)}` }, siteDetail), 400, 400);
  }

  listSettingTemplates(): Promise<ZoomSettingTemplate[]> {
    return collect(
      this.pages('/phone/setting_templates', { page_size: 300 }, s.settingTemplateList, (p) =>
        p.templates.filter((t) => !t.type || t.type === 'user'),
      ),
    );
  }
}
