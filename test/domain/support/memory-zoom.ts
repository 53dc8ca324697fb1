// An in-memory Zoom account behind the domain's ZoomPort (src/domain/ports.ts), for the domain tests. It
// answers the way the real adapter does (src/zoom/api.ts over the emulator in src/zoom/emulator): reads of
// something Zoom does not have answer undefined, refusals are ZoomApiErrors whose `kind` comes from the
// adapter's own mapping (src/zoom/refusals.ts) applied to the status, code and message Zoom sends for that
// case (src/zoom/emulator/errors.ts, routes/*.ts). Faults are queued per method: a refusal, or a write that
// happens but whose answer is lost (ZoomUncertainError), so the engine's re-read rules can be watched.
import { BATCH_PLAN_NAMES } from '../../../src/domain/catalog.js';
import type {
  ZoomDevice,
  ZoomEmergencyAddress,
  ZoomGroup,
  ZoomPhoneUserSettings,
  ZoomProvisionTemplate,
  NewBatchPhoneUser,
  NumberRef,
  PhoneUserPatch,
  ZoomCallingPlan,
  ZoomDirectoryUser,
  ZoomListedUser,
  ZoomPhoneNumber,
  ZoomPhoneUser,
  ZoomPort,
  ZoomSettingTemplate,
  ZoomSite,
  ZoomSiteDetail,
  ZoomUserStatus,
} from '../../../src/domain/ports.js';
import { recordZoomCall } from '../../../src/domain/zoom-call-trace.js';
import { ZoomApiError, ZoomUncertainError } from '../../../src/domain/zoom-errors.js';
import { refusalKind } from '../../../src/zoom/refusals.js';

export interface MemoryPhone {
  extension?: string;
  siteId?: string;
  templateId?: string;
  plans: number[];
}

export interface MemoryUser {
  id: string;
  email: string;
  firstName?: string;
  lastName?: string;
  status: ZoomUserStatus;
  phone?: MemoryPhone;
}

export interface MemoryNumber {
  id: string;
  number: string;
  /** A user id, or another holder (a call queue) by name only. */
  assigneeId?: string;
  assigneeName?: string;
  assigneeType?: string;
}

export interface MemorySite extends ZoomSite {
  shortExtensionLength: number;
}

interface Plan {
  type: number;
  name: string;
  subscribed: number;
}

export type ZoomMethod = keyof ZoomPort;

/** What the next call of a method does instead of (or besides) its normal answer. */
type Fault = { kind: 'throw'; error: Error } | { kind: 'lose-answer' } | { kind: 'uncertain' };

const enc = encodeURIComponent;

export class MemoryZoom implements ZoomPort {
  readonly users: MemoryUser[] = [];
  readonly numbers: MemoryNumber[] = [];
  readonly sites: MemorySite[] = [];
  readonly templates: (ZoomSettingTemplate & { type: string })[] = [];
  private readonly plans: Plan[] = [];
  /** Zoom Phone licences left (undefined: as many as needed). */
  phoneLicences: number | undefined;
  /** Every call, in order: the method and its first argument. */
  readonly calls: { method: ZoomMethod; arg?: unknown }[] = [];
  private readonly faults = new Map<ZoomMethod, Fault[]>();
  private nextId = 1;

  // ——— Seeding (what an admin would have set up in the portal) ———

  addPlan(type: number, name: string, subscribed: number): this {
    this.plans.push({ type, name, subscribed });
    return this;
  }

  addSite(site: { id: string; name: string; siteCode?: string; shortExtensionLength?: number }): this {
    this.sites.push({ shortExtensionLength: 3, ...site });
    return this;
  }

  addTemplate(id: string, name: string, type = 'user'): this {
    this.templates.push({ id, name, type });
    return this;
  }

  addNumber(number: string, holder: { userId?: string; name?: string; type?: string } = {}): this {
    this.numbers.push({
      id: `num-${this.nextId++}`,
      number,
      assigneeId: holder.userId,
      assigneeName: holder.name ?? (holder.userId ? this.userById(holder.userId)?.email : undefined),
      assigneeType: holder.type ?? (holder.userId ? 'user' : undefined),
    });
    return this;
  }

  /** A Zoom user; with `phone`, a Zoom Phone user too (its numbers are taken from the account's pool or added). */
  addUser(
    email: string,
    opts: { status?: ZoomUserStatus; id?: string; phone?: Partial<MemoryPhone> & { numbers?: string[] } } = {},
  ): MemoryUser {
    const user: MemoryUser = {
      id: opts.id ?? `zu-${this.nextId++}`,
      email: email.toLowerCase(),
      status: opts.status ?? 'active',
    };
    const { numbers = [], ...phone } = opts.phone ?? {};
    if (opts.phone) user.phone = { plans: [], siteId: this.sites[0]?.id, ...phone };
    this.users.push(user);
    for (const n of numbers) {
      const rec = this.numbers.find((x) => x.number === n);
      if (rec) Object.assign(rec, { assigneeId: user.id, assigneeName: user.email, assigneeType: 'user' });
      else this.addNumber(n, { userId: user.id });
    }
    return user;
  }

  user(email: string): MemoryUser | undefined {
    return this.users.find((u) => u.email === email.toLowerCase());
  }

  numbersOf(userId: string): string[] {
    return this.numbers.filter((n) => n.assigneeId === userId).map((n) => n.number);
  }

  // ——— Faults and the call log ———

  /** The next call of `method` is refused with what Zoom sends (status, its code, its message). */
  refuseNext(method: ZoomMethod, status: number, code: number | undefined, message: string, retryAfterMs?: number) {
    this.failNext(method, refusal(method, status, code, message, retryAfterMs));
  }

  /** The next call of `method` throws `error` (a ZoomAuthError, say) and changes nothing. */
  failNext(method: ZoomMethod, error: Error): void {
    this.queue(method, { kind: 'throw', error });
  }

  /** The next call of `method` takes effect in Zoom, but its answer never arrives (timeout, reset). */
  loseAnswerNext(method: ZoomMethod): void {
    this.queue(method, { kind: 'lose-answer' });
  }

  /** The next call of `method` ends without a clear answer and changes nothing (the request never arrived). */
  uncertainNext(method: ZoomMethod): void {
    this.queue(method, { kind: 'uncertain' });
  }

  count(method: ZoomMethod): number {
    return this.calls.filter((c) => c.method === method).length;
  }

  private queue(method: ZoomMethod, fault: Fault): void {
    this.faults.set(method, [...(this.faults.get(method) ?? []), fault]);
  }

  /** Logs the call and runs it through any queued fault. */
  private async run<T>(method: ZoomMethod, arg: unknown, body: () => T): Promise<T> {
    this.calls.push({ method, arg });
    const n = this.calls.length;
    // Traced as the adapter traces every call (src/zoom/http.ts), so audit entries name Zoom's tracking ids.
    const trace = (status: number, trackingId?: string) =>
      recordZoomCall({ method, path: String(arg ?? ''), status, trackingId });
    const fault = this.faults.get(method)?.shift();
    try {
      if (fault?.kind === 'throw') throw fault.error;
      if (fault?.kind === 'uncertain') throw new ZoomUncertainError(method, String(arg), 'timed out after 10000 ms');
      const result = body();
      if (fault?.kind === 'lose-answer') throw new ZoomUncertainError(method, String(arg), 'socket hang up');
      trace(200, `track-ok-${n}`);
      return result;
    } catch (err) {
      if (err instanceof ZoomApiError) trace(err.status, err.trackingId);
      else trace(0);
      throw err;
    }
  }

  private async *listing<T>(method: ZoomMethod, arg: unknown, items: () => T[]): AsyncGenerator<T> {
    yield* await this.run(method, arg, items);
  }

  // ——— Users API ———

  private userById(id: string): MemoryUser | undefined {
    return this.users.find((u) => u.id === id);
  }

  private find(idOrEmail: string): MemoryUser | undefined {
    return this.userById(idOrEmail) ?? this.user(idOrEmail);
  }

  private requireUser(idOrEmail: string, path: string): MemoryUser {
    const u = this.find(idOrEmail);
    if (!u) throw refusal('GET', 404, 1001, `User does not exist: ${idOrEmail}.`, undefined, path);
    return u;
  }

  private requirePhone(idOrEmail: string): MemoryUser & { phone: MemoryPhone } {
    const path = `/phone/users/${enc(idOrEmail)}`;
    const u = this.requireUser(idOrEmail, path);
    if (!u.phone) throw refusal('GET', 404, 1001, `User does not exist: ${idOrEmail}.`, undefined, path);
    return u as MemoryUser & { phone: MemoryPhone };
  }

  findUser(idOrEmail: string): Promise<ZoomDirectoryUser | undefined> {
    return this.run('findUser', idOrEmail, () => {
      const u = this.find(idOrEmail);
      return u && { id: u.id, email: u.email, firstName: u.firstName, lastName: u.lastName, status: u.status, type: 1 };
    });
  }

  listUsers(status: ZoomUserStatus): AsyncIterable<ZoomListedUser> {
    // Zoom leaves the id out of pending users in lists.
    return this.listing('listUsers', status, () =>
      this.users
        .filter((u) => u.status === status)
        .map((u) => (status === 'pending' ? { email: u.email, status } : { id: u.id, email: u.email, status })),
    );
  }

  createUser(input: { email: string; firstName?: string; lastName?: string }) {
    return this.run('createUser', input.email, () => {
      if (this.user(input.email))
        throw refusal('POST', 409, 1005, `Email "${input.email}" has already been used.`, undefined, '/users');
      const user = this.addUser(input.email, { status: 'pending' });
      user.firstName = input.firstName;
      user.lastName = input.lastName;
      return { id: user.id, email: user.email };
    });
  }

  deleteUser(id: string, action: 'disassociate' | 'delete') {
    return this.run('deleteUser', id, () => {
      const u = this.requireUser(id, `/users/${enc(id)}`);
      if (u.status === 'pending' && action === 'delete')
        throw refusal('DELETE', 400, 300, 'A pending user can only be disassociated. Use action=disassociate.');
      this.releaseNumbers(u.id);
      this.users.splice(this.users.indexOf(u), 1);
    });
  }

  setUserStatus(id: string, action: 'activate' | 'deactivate') {
    return this.run('setUserStatus', id, () => {
      const u = this.requireUser(id, `/users/${enc(id)}/status`);
      if (u.status === 'pending')
        throw refusal('PUT', 400, 300, `The user ${u.email} has not accepted the invitation yet.`);
      u.status = action === 'activate' ? 'active' : 'inactive';
    });
  }

  setZoomPhoneFeature(id: string, enabled: boolean) {
    return this.run('setZoomPhoneFeature', id, () => {
      const path = `/users/${enc(id)}/settings`;
      const u = this.requireUser(id, path);
      if (!enabled) {
        this.releaseNumbers(u.id);
        if (u.phone && this.phoneLicences !== undefined) this.phoneLicences++;
        delete u.phone;
        return;
      }
      if (u.phone) return;
      if (this.phoneLicences !== undefined && this.phoneLicences < 1)
        throw refusal(
          'PATCH',
          404,
          1102,
          'You cannot enable the Zoom Phone feature because you do not have any available licenses.',
          undefined,
          path,
        );
      if (this.phoneLicences !== undefined) this.phoneLicences--;
      u.phone = { plans: [], siteId: this.sites[0]?.id };
    });
  }

  // ——— Zoom Phone users ———

  private phoneUserOf(u: MemoryUser & { phone: MemoryPhone }): ZoomPhoneUser {
    const site = this.sites.find((s) => s.id === u.phone.siteId);
    return {
      id: u.id,
      email: u.email,
      phoneUserId: `pu-${u.id}`,
      extensionNumber: u.phone.extension,
      status: 'activate',
      siteId: site?.id,
      site: site && { id: site.id, name: site.name },
      callingPlans: u.phone.plans.map((type) => ({ type, name: this.plans.find((p) => p.type === type)?.name })),
      phoneNumbers: this.numbers.filter((n) => n.assigneeId === u.id).map((n) => ({ id: n.id, number: n.number })),
    };
  }

  private phoneUsers(): (MemoryUser & { phone: MemoryPhone })[] {
    return this.users.filter((u): u is MemoryUser & { phone: MemoryPhone } => u.phone !== undefined);
  }

  findPhoneUser(idOrEmail: string): Promise<ZoomPhoneUser | undefined> {
    return this.run('findPhoneUser', idOrEmail, () => {
      const u = this.find(idOrEmail);
      return u?.phone ? this.phoneUserOf(u as MemoryUser & { phone: MemoryPhone }) : undefined;
    });
  }

  listPhoneUsers(query: { keyword?: string; siteId?: string; pageSize?: number } = {}): AsyncIterable<ZoomPhoneUser> {
    // Zoom's keyword matches partially: the e-mail, the extension, or the digits of a number.
    const matches = (u: MemoryUser & { phone: MemoryPhone }, k: string) => {
      const digits = k.replace(/\D/g, '');
      return (
        u.email.includes(k.toLowerCase()) ||
        (u.phone.extension ?? '').includes(k) ||
        (digits.length > 0 && this.numbersOf(u.id).some((n) => n.includes(digits)))
      );
    };
    return this.listing('listPhoneUsers', query.keyword, () =>
      this.phoneUsers()
        .filter(
          (u) => (query.siteId === undefined || u.phone.siteId === query.siteId) && matches(u, query.keyword ?? ''),
        )
        .map((u) => this.phoneUserOf(u)),
    );
  }

  private extensionHolder(extension: string): MemoryUser | undefined {
    return this.phoneUsers().find((u) => u.phone.extension === extension);
  }

  updatePhoneUser(id: string, patch: PhoneUserPatch) {
    return this.run('updatePhoneUser', id, () => {
      const u = this.requirePhone(id);
      const path = `/phone/users/${enc(id)}`;
      const siteId = patch.siteId ?? u.phone.siteId;
      const site = this.sites.find((s) => s.id === siteId);
      if (patch.siteId !== undefined && !site)
        throw refusal('PATCH', 404, 404, 'Site does not exist.', undefined, path);
      if (patch.templateId !== undefined && !this.templates.some((t) => t.id === patch.templateId))
        throw refusal('PATCH', 404, 404, 'Template is invalid', undefined, path);
      const ext = patch.extensionNumber;
      if (ext !== undefined) {
        const code = site?.siteCode ?? '';
        const short = ext.slice(code.length);
        if (!ext.startsWith(code) || !/^\d{3,6}$/.test(short) || (code && short.length !== site!.shortExtensionLength))
          throw refusal('PATCH', 400, 400, 'Invalid full extension number length.', undefined, path);
        const holder = this.extensionHolder(ext);
        if (holder && holder !== u)
          throw refusal('PATCH', 400, 400, `Extension number ${ext} is already used.`, undefined, path);
        u.phone.extension = ext;
      }
      if (patch.siteId !== undefined) u.phone.siteId = patch.siteId;
      if (patch.templateId !== undefined) u.phone.templateId = patch.templateId;
    });
  }

  batchAddPhoneUsers(users: NewBatchPhoneUser[]) {
    return this.run('batchAddPhoneUsers', users.length, () => {
      // Every row is checked before anything is applied: one bad row refuses the whole batch.
      const bad = (i: number, message: string) =>
        refusal('POST', 400, 300, `users[${i}]: ${message}`, undefined, '/phone/users/batch');
      const seats = new Map<number, number>();
      const planned = users.map((b, i) => {
        const u = this.user(b.email);
        if (!u || u.status !== 'active') throw bad(i, `User ${b.email} is not an active user of this account.`);
        if (u.phone) throw bad(i, `User ${b.email} already has a Zoom Phone license.`);
        // This model has no desk phones or caller ID (the ready parts are tested against the emulator).
        if (b.deskPhones?.length || b.outboundCallerId !== undefined)
          throw new Error('MemoryZoom does not model desk_phones / outbound_caller_id in the batch call');
        const site = b.siteName === undefined ? undefined : this.sites.find((s) => s.name === b.siteName);
        if (b.siteName !== undefined && !site) throw refusal('POST', 404, 404, 'Site does not exist.');
        const extension = `${site?.siteCode ?? ''}${b.extensionNumber}`;
        if (this.extensionHolder(extension))
          throw refusal('POST', 400, 400, `Extension number ${extension} is already used.`);
        const types = b.callingPlans.map((name) => {
          const type = Object.entries(BATCH_PLAN_NAMES).find(([, n]) => n === name)?.[0];
          const plan = type === undefined ? undefined : this.plans.find((p) => p.type === Number(type));
          if (!plan) throw bad(i, `unknown calling plan "${name}".`);
          seats.set(plan.type, (seats.get(plan.type) ?? 0) + 1);
          if (seats.get(plan.type)! > this.available(plan.type))
            throw bad(i, `no available seats for calling plan "${name}".`);
          return plan.type;
        });
        return { u, site, extension, types, numbers: b.phoneNumbers ?? [] };
      });
      if (this.phoneLicences !== undefined && planned.length > this.phoneLicences)
        throw refusal(
          'POST',
          404,
          1102,
          'You cannot enable the Zoom Phone feature because you do not have any available licenses.',
        );
      for (const p of planned) {
        p.u.phone = { extension: p.extension, siteId: p.site?.id ?? this.sites[0]?.id, plans: p.types };
        for (const n of p.numbers) this.take(n, p.u);
        if (this.phoneLicences !== undefined) this.phoneLicences--;
      }
      return planned.map((p) => ({ email: p.u.email, id: p.u.id }));
    });
  }

  private assigned(type: number): number {
    return this.phoneUsers().filter((u) => u.phone.plans.includes(type)).length;
  }

  private available(type: number): number {
    const plan = this.plans.find((p) => p.type === type);
    return plan ? plan.subscribed - this.assigned(type) : 0;
  }

  assignCallingPlans(id: string, types: number[]) {
    return this.run('assignCallingPlans', id, () => {
      const u = this.requirePhone(id);
      for (const type of types) {
        const plan = this.plans.find((p) => p.type === type);
        if (!plan) throw refusal('POST', 400, 300, `Unknown or invalid calling plan: ${type}.`);
        // Refused rather than ignored, as Zoom does, so a blind retry of a write that happened shows up.
        if (u.phone.plans.includes(type))
          throw refusal('POST', 400, 300, `Calling plan ${type} is already assigned to this user.`);
        if (this.available(type) < 1)
          throw refusal('POST', 400, 300, `No available seats for calling plan ${type} (${plan.name}).`);
      }
      u.phone.plans.push(...types);
    });
  }

  unassignCallingPlan(id: string, type: number) {
    return this.run('unassignCallingPlan', id, () => {
      const u = this.requirePhone(id);
      if (!u.phone.plans.includes(type))
        throw refusal('DELETE', 400, 400, `The user does not have calling plan ${type}.`);
      u.phone.plans = u.phone.plans.filter((t) => t !== type);
    });
  }

  private take(number: string, u: MemoryUser): void {
    const rec = this.numbers.find((n) => n.number === number);
    if (!rec) throw refusal('POST', 400, 400, `Phone number does not exist, phonenumberId:${number}`);
    if (rec.assigneeId !== undefined || rec.assigneeName !== undefined)
      throw refusal('POST', 400, 409, 'Phone number already in use.');
    Object.assign(rec, { assigneeId: u.id, assigneeName: u.email, assigneeType: 'user' });
  }

  private releaseNumbers(userId: string): void {
    for (const n of this.numbers.filter((x) => x.assigneeId === userId))
      Object.assign(n, { assigneeId: undefined, assigneeName: undefined, assigneeType: undefined });
  }

  assignPhoneNumbers(id: string, numbers: string[]): Promise<{ phoneNumbers: NumberRef[] }> {
    return this.run('assignPhoneNumbers', id, () => {
      const u = this.requirePhone(id);
      if (u.phone.plans.length === 0)
        throw refusal('POST', 400, 300, 'The user needs a calling plan before a phone number can be assigned.');
      for (const n of numbers) this.take(n, u);
      return {
        phoneNumbers: this.numbers
          .filter((n) => numbers.includes(n.number))
          .map((n) => ({ id: n.id, number: n.number })),
      };
    });
  }

  unassignPhoneNumber(id: string, numberOrId: string) {
    return this.run('unassignPhoneNumber', id, () => {
      const u = this.requirePhone(id);
      const rec = this.numbers.find((n) => (n.number === numberOrId || n.id === numberOrId) && n.assigneeId === u.id);
      if (!rec) throw refusal('DELETE', 404, 400, 'Invalid query parameter "phone_number".');
      Object.assign(rec, { assigneeId: undefined, assigneeName: undefined, assigneeType: undefined });
    });
  }

  // ——— The account: plans, numbers, sites, templates ———

  listCallingPlans(): Promise<ZoomCallingPlan[]> {
    return this.run('listCallingPlans', undefined, () =>
      this.plans.map((p) => ({
        type: p.type,
        name: p.name,
        subscribed: p.subscribed,
        assigned: this.assigned(p.type),
        available: this.available(p.type),
      })),
    );
  }

  private numberOf(n: MemoryNumber): ZoomPhoneNumber {
    const held = n.assigneeId !== undefined || n.assigneeName !== undefined;
    return {
      id: n.id,
      number: n.number,
      status: 'available',
      assignee: held ? { id: n.assigneeId, name: n.assigneeName, type: n.assigneeType } : undefined,
    };
  }

  findPhoneNumber(number: string): Promise<ZoomPhoneNumber | undefined> {
    return this.run('findPhoneNumber', number, () => {
      const n = this.numbers.find((x) => x.number === number);
      return n && this.numberOf(n);
    });
  }

  listPhoneNumbers(which: 'assigned' | 'unassigned' | 'all'): AsyncIterable<ZoomPhoneNumber> {
    return this.listing('listPhoneNumbers', which, () =>
      this.numbers
        .map((n) => this.numberOf(n))
        .filter((n) => which === 'all' || (which === 'assigned') === (n.assignee !== undefined)),
    );
  }

  listSites(): Promise<ZoomSite[]> {
    return this.run('listSites', undefined, () =>
      this.sites.map((s) => ({ id: s.id, name: s.name, siteCode: s.siteCode })),
    );
  }

  getSite(id: string): Promise<ZoomSiteDetail | undefined> {
    return this.run('getSite', id, () => {
      const s = this.sites.find((x) => x.id === id);
      return s && { id: s.id, name: s.name, siteCode: s.siteCode, shortExtensionLength: s.shortExtensionLength };
    });
  }

  listSettingTemplates(): Promise<ZoomSettingTemplate[]> {
    return this.run('listSettingTemplates', undefined, () =>
      this.templates.filter((t) => t.type === 'user').map((t) => ({ id: t.id, name: t.name, type: t.type })),
    );
  }

  // The ready-to-take-calls part (issue 15): an account with no queues, groups, devices or addresses. The
  // domain tests do not use these parts; writes refuse loudly so a test that starts to cannot pass by accident.
  listEmergencyAddresses(): Promise<ZoomEmergencyAddress[]> {
    return this.run('listEmergencyAddresses', undefined, () => []);
  }
  getDevice(): Promise<ZoomDevice | undefined> {
    return this.run('getDevice', undefined, () => undefined);
  }
  findDeviceByMac(): Promise<ZoomDevice | undefined> {
    return this.run('findDeviceByMac', undefined, () => undefined);
  }
  listDevices(): Promise<ZoomDevice[]> {
    return this.run('listDevices', undefined, () => []);
  }
  listProvisionTemplates(): Promise<ZoomProvisionTemplate[]> {
    return this.run('listProvisionTemplates', undefined, () => []);
  }
  listCallQueues(): Promise<ZoomGroup[]> {
    return this.run('listCallQueues', undefined, () => []);
  }
  getCallQueue(): Promise<ZoomGroup | undefined> {
    return this.run('getCallQueue', undefined, () => undefined);
  }
  listSharedLineGroups(): Promise<ZoomGroup[]> {
    return this.run('listSharedLineGroups', undefined, () => []);
  }
  getSharedLineGroup(): Promise<ZoomGroup | undefined> {
    return this.run('getSharedLineGroup', undefined, () => undefined);
  }
  getPhoneUserSettings(id: string): Promise<ZoomPhoneUserSettings> {
    return this.run('getPhoneUserSettings', id, () => ({ deskPhones: [] }));
  }
  listCustomizedCallerIds(): Promise<{ phoneNumberId?: string; number?: string }[]> {
    return this.run('listCustomizedCallerIds', undefined, () => []);
  }
  private unmodelled(method: ZoomMethod): Promise<never> {
    return Promise.reject(new Error(`MemoryZoom does not model ${method} (use the e2e emulator)`));
  }
  createPersonalEmergencyAddress(): Promise<ZoomEmergencyAddress> {
    return this.unmodelled('createPersonalEmergencyAddress');
  }
  addDevice(): Promise<{ id: string }> {
    return this.unmodelled('addDevice');
  }
  assignDevice(): Promise<void> {
    return this.unmodelled('assignDevice');
  }
  unassignDevice(): Promise<void> {
    return this.unmodelled('unassignDevice');
  }
  addCallQueueMembers(): Promise<void> {
    return this.unmodelled('addCallQueueMembers');
  }
  removeCallQueueMember(): Promise<void> {
    return this.unmodelled('removeCallQueueMember');
  }
  addSharedLineGroupMembers(): Promise<void> {
    return this.unmodelled('addSharedLineGroupMembers');
  }
  removeSharedLineGroupMember(): Promise<void> {
    return this.unmodelled('removeSharedLineGroupMember');
  }
  setOutboundCallerId(): Promise<void> {
    return this.unmodelled('setOutboundCallerId');
  }
  addCustomizedCallerIds(): Promise<void> {
    return this.unmodelled('addCustomizedCallerIds');
  }
}

/** A refusal as the adapter raises it: the kind is read from Zoom's answer by src/zoom/refusals.ts. */
export function refusal(
  method: string,
  status: number,
  code: number | undefined,
  message: string,
  retryAfterMs?: number,
  path = '/',
): ZoomApiError {
  return new ZoomApiError(
    refusalKind(status, code, message),
    status,
    code,
    message,
    `track-${status}`,
    method,
    path,
    retryAfterMs,
  );
}
