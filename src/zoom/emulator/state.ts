export type UserStatus = 'pending' | 'active' | 'inactive';
export type UserType = 1 | 2 | 4 | 99;
export type CreationType = 'create' | 'autoCreate' | 'custCreate' | 'ssoCreate' | 'seed';

export interface AccountRecord {
  id: string;
  /** Who Zoom names as `operator` in webhooks for API-made changes (the S2S token is the owner's). */
  owner: { id: string; email: string };
  phoneLicenses: number;
  /** Seats for type 2 (Licensed) users; pending and active users hold one, inactive users don't. */
  licensedSeats: number;
  /** Short extensions handed out automatically when Zoom Phone is switched on. */
  extensionRange: { min: number; max: number };
  /** Emails that already hold an active Zoom account elsewhere (POST /users → 400/1009). */
  foreignEmails: string[];
}

export interface SiteRecord {
  id: string;
  name: string;
  /** When set, full extension = String(siteCode) + short extension (docs/reference/zoom-api.md §7.3/§7.4). */
  siteCode?: number;
  /**
   * `short_extension.length` of GET /phone/sites/{siteId} (Zoom's default 3). With a site code the short
   * extension has exactly this many digits (site code + short ≤ 6 digits); without one it is only reported.
   */
  shortExtensionLength?: number;
  country: { code: string; name: string };
  mainAutoReceptionist?: { id: string; extensionId: string; name: string; extensionNumber: string };
}

export interface TemplateRecord {
  id: string;
  name: string;
  description: string;
  /** Undefined = usable in every site. */
  siteId?: string;
}

export interface CallingPlanRecord {
  type: number;
  /** Display name as `GET /phone/calling_plans` returns it. */
  name: string;
  subscribed: number;
}

export interface PhoneNumberRecord {
  id: string;
  /** E.164 with the leading `+`. */
  number: string;
  numberType: 'toll' | 'tollfree';
  siteId?: string;
  location: { country: string; state?: string; city?: string };
  /** Zoom user id of the phone user holding the number. */
  assigneeId?: string;
}

export interface PhoneProfileRecord {
  phoneUserId: string;
  extensionId: string;
  /** Full extension (site code + short extension) as digits. */
  extensionNumber: string;
  siteId?: string;
  templateId?: string;
  status: 'activate' | 'deactivate';
  callingPlans: number[];
  department?: string;
  costCenter?: string;
  /** Epoch ms (real time) from which the Phone API shows this user; provisioning is asynchronous. */
  readyAt: number;
  /** `PATCH /phone/users/{id}/settings` outbound_caller_id: E.164, '' = hidden, undefined = Zoom's default (own number). */
  outboundCallerId?: string;
  /** Number ids added with `POST …/outbound_caller_id/customized_numbers` (queue / group numbers usable as caller ID). */
  customizedNumberIds?: string[];
}

/** Emergency (E911) address: account level (a site's, `level` 0) or personal (`level` 1, `userId` set). */
export interface EmergencyAddressRecord {
  id: string;
  addressLine1: string;
  addressLine2?: string;
  city: string;
  stateCode: string;
  zip: string;
  /** Two-letter country code. */
  country: string;
  siteId?: string;
  userId?: string;
  isDefault: boolean;
  level: 0 | 1;
  /** 1 not required · 2 unverified · 3 verification requested · 4 verified · 5 rejected · 6 failed. */
  status: 1 | 2 | 3 | 4 | 5 | 6;
}

export interface ProvisionTemplateRecord {
  id: string;
  name: string;
  description: string;
}

export interface DeviceRecord {
  id: string;
  displayName: string;
  /** 12 lower-case hex digits, no separators (Zoom's own notation). */
  macAddress: string;
  /** Brand, as `type` in `POST /phone/devices`. */
  deviceType: string;
  model?: string;
  provisionTemplateId?: string;
  siteId?: string;
  /** Zoom user ids the device is assigned to. */
  assigneeIds: string[];
}

/** A number owned by a call queue or shared line group (not in the user number pool). */
export interface GroupNumberRecord {
  id: string;
  number: string;
}

export interface CallQueueRecord {
  id: string;
  name: string;
  extensionId: string;
  extensionNumber: string;
  siteId?: string;
  phoneNumbers: GroupNumberRecord[];
  /** Zoom user ids. */
  memberIds: string[];
}

export interface SharedLineGroupRecord {
  id: string;
  displayName: string;
  extensionId: string;
  extensionNumber: string;
  siteId?: string;
  phoneNumbers: GroupNumberRecord[];
  memberIds: string[];
}

export interface UserRecord {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  displayName: string;
  type: UserType;
  status: UserStatus;
  creationType: CreationType;
  createdAt: Date;
  acceptedAt?: Date;
  /** `feature.zoom_phone`: holds a Zoom Phone licence (a pending user can hold one before it has a phone profile). */
  zoomPhone: boolean;
  phone?: PhoneProfileRecord;
}

export interface CallingPlanUsage {
  type: number;
  name: string;
  subscribed: number;
  assigned: number;
  available: number;
}

/** Pending invitations lapse after 30 days (docs/reference/zoom-api.md §5.2, §10). */
export const INVITATION_TTL_MS = 30 * 24 * 3600 * 1000;

/** The emulated account. Tests read it to check Zoom's end state; routes mutate it. */
export class EmulatorState {
  emergencyAddresses: EmergencyAddressRecord[] = [];
  provisionTemplates: ProvisionTemplateRecord[] = [];
  devices: DeviceRecord[] = [];
  callQueues: CallQueueRecord[] = [];
  sharedLineGroups: SharedLineGroupRecord[] = [];

  constructor(
    public account: AccountRecord,
    public sites: SiteRecord[],
    public templates: TemplateRecord[],
    public callingPlans: CallingPlanRecord[],
    public numbers: PhoneNumberRecord[],
    public users: UserRecord[],
  ) {}

  /** By Zoom user id or (case-insensitive) email, as every Users and Phone endpoint accepts both. */
  findUser(idOrEmail: string): UserRecord | undefined {
    const lower = idOrEmail.toLowerCase();
    return this.users.find((u) => u.id === idOrEmail) ?? this.users.find((u) => u.email.toLowerCase() === lower);
  }

  isInvitationExpired(user: UserRecord, now: Date): boolean {
    return user.status === 'pending' && now.getTime() - user.createdAt.getTime() >= INVITATION_TTL_MS;
  }

  phoneLicensesUsed(): number {
    return this.users.filter((u) => u.zoomPhone).length;
  }

  phoneLicensesAvailable(): number {
    return this.account.phoneLicenses - this.phoneLicensesUsed();
  }

  licensedSeatsUsed(): number {
    return this.users.filter((u) => u.type === 2 && u.status !== 'inactive').length;
  }

  plan(type: number): CallingPlanRecord | undefined {
    return this.callingPlans.find((p) => p.type === type);
  }

  planUsage(type: number): CallingPlanUsage | undefined {
    const plan = this.plan(type);
    if (!plan) return undefined;
    const assigned = this.users.filter((u) => u.phone?.callingPlans.includes(type)).length;
    return {
      type,
      name: plan.name,
      subscribed: plan.subscribed,
      assigned,
      available: Math.max(0, plan.subscribed - assigned),
    };
  }

  numbersOf(userId: string): PhoneNumberRecord[] {
    return this.numbers.filter((n) => n.assigneeId === userId);
  }

  findNumber(idOrNumber: string): PhoneNumberRecord | undefined {
    const digits = idOrNumber.replace(/^\+/, '');
    return (
      this.numbers.find((n) => n.id === idOrNumber) ??
      this.numbers.find((n) => n.number === idOrNumber || n.number === `+${digits}`)
    );
  }

  /** A site's default (account-level) emergency address; `GET /phone/sites/{id}` shows it. */
  siteDefaultAddress(siteId: string): EmergencyAddressRecord | undefined {
    return this.emergencyAddresses.find((a) => a.level === 0 && a.siteId === siteId && a.isDefault);
  }

  site(id: string | undefined): SiteRecord | undefined {
    return id === undefined ? undefined : this.sites.find((s) => s.id === id);
  }

  /** Extensions are unique across the whole account: users and the sites' auto receptionists. */
  extensionHolder(extension: string): string | undefined {
    const user = this.users.find((u) => u.phone?.extensionNumber === extension);
    if (user) return user.id;
    const group = [...this.callQueues, ...this.sharedLineGroups].find((g) => g.extensionNumber === extension);
    if (group) return group.id;
    const site = this.sites.find((s) => s.mainAutoReceptionist?.extensionNumber === extension);
    return site?.mainAutoReceptionist?.id;
  }

  /** Lowest free short extension in the account's range, prefixed with the site code if the site has one. */
  nextFreeExtension(site: SiteRecord | undefined): string | undefined {
    const prefix = site?.siteCode === undefined ? '' : String(site.siteCode);
    for (let n = this.account.extensionRange.min; n <= this.account.extensionRange.max; n++) {
      const full = `${prefix}${n}`;
      if (this.extensionHolder(full) === undefined) return full;
    }
    return undefined;
  }

  /** Taking a phone user away: numbers back to the pool, plan seats and extension freed, licence released. */
  removePhone(user: UserRecord): void {
    for (const n of this.numbersOf(user.id)) n.assigneeId = undefined;
    // Without a phone licence the user leaves every queue and group and its desk phones (they stay in the account).
    for (const g of [...this.callQueues, ...this.sharedLineGroups])
      g.memberIds = g.memberIds.filter((id) => id !== user.id);
    for (const d of this.devices) d.assigneeIds = d.assigneeIds.filter((id) => id !== user.id);
    user.phone = undefined;
    user.zoomPhone = false;
  }

  removeUser(user: UserRecord): void {
    this.removePhone(user);
    this.emergencyAddresses = this.emergencyAddresses.filter((a) => a.userId !== user.id);
    this.users = this.users.filter((u) => u !== user);
  }

  /** Plain JSON snapshot with the derived counters, for `GET /_emulator/state`. */
  toJSON(): object {
    return {
      account: {
        ...this.account,
        phoneLicensesUsed: this.phoneLicensesUsed(),
        phoneLicensesAvailable: this.phoneLicensesAvailable(),
        licensedSeatsUsed: this.licensedSeatsUsed(),
      },
      sites: this.sites,
      templates: this.templates,
      callingPlans: this.callingPlans.map((p) => this.planUsage(p.type)),
      numbers: this.numbers,
      users: this.users,
      emergencyAddresses: this.emergencyAddresses,
      provisionTemplates: this.provisionTemplates,
      devices: this.devices,
      callQueues: this.callQueues,
      sharedLineGroups: this.sharedLineGroups,
    };
  }
}
