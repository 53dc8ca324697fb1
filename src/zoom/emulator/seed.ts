import { newId } from './ids.js';
import {
  EmulatorState,
  type AccountRecord,
  type CallQueueRecord,
  type CallingPlanRecord,
  type DeviceRecord,
  type EmergencyAddressRecord,
  type ProvisionTemplateRecord,
  type SharedLineGroupRecord,
  type PhoneNumberRecord,
  type SiteRecord,
  type TemplateRecord,
  type UserRecord,
  type UserStatus,
  type UserType,
} from './state.js';

export interface SeedPhoneProfile {
  /** Full extension (site code + short). */
  extensionNumber: string;
  siteId?: string;
  templateId?: string;
  callingPlans?: number[];
  /** E.164 numbers from `numbers` to assign to this user. */
  numbers?: string[];
  status?: 'activate' | 'deactivate';
  phoneUserId?: string;
  extensionId?: string;
}

export interface SeedUser {
  id: string;
  email: string;
  firstName?: string;
  lastName?: string;
  type?: UserType;
  status: UserStatus;
  /** ISO time; default: the emulator clock at start (so a seeded pending invitation is fresh). */
  createdAt?: string;
  /** Holds a Zoom Phone licence without a phone profile yet (a pending user invited with feature.zoom_phone). */
  zoomPhoneLicense?: boolean;
  phone?: SeedPhoneProfile;
}

/** Everything optional: what is left out comes from the `'empty'` seed's catalogue (account, sites, plans …). */
export interface SeedData {
  account?: Partial<Omit<AccountRecord, 'id'>>;
  sites?: SiteRecord[];
  templates?: TemplateRecord[];
  callingPlans?: CallingPlanRecord[];
  numbers?: Omit<PhoneNumberRecord, 'assigneeId'>[];
  users?: SeedUser[];
  emergencyAddresses?: EmergencyAddressRecord[];
  provisionTemplates?: ProvisionTemplateRecord[];
  devices?: DeviceRecord[];
  callQueues?: CallQueueRecord[];
  sharedLineGroups?: SharedLineGroupRecord[];
}

export const DEFAULT_ACCOUNT: Omit<AccountRecord, 'id'> = {
  owner: { id: 'OwnerUsr0AAAAAAAAAAAAA', email: 'admin@example.com' },
  phoneLicenses: 100,
  licensedSeats: 100,
  extensionRange: { min: 1000, max: 1999 },
  foreignEmails: ['taken@elsewhere.example'],
};

export const SITE_MAIN_ID = 'SiteMain0AAAAAAAAAAAAA';
export const SITE_LONDON_ID = 'SiteLondonAAAAAAAAAAAA';

// Sites without site codes, so full and short extensions coincide; a custom seed may give siteCode.
const DEFAULT_SITES: SiteRecord[] = [
  {
    id: SITE_MAIN_ID,
    name: 'Main Office',
    country: { code: 'US', name: 'United States' },
    mainAutoReceptionist: {
      id: 'ArMain00AAAAAAAAAAAAAA',
      extensionId: 'ArMainExtAAAAAAAAAAAAA',
      name: 'Main Office Auto Receptionist',
      extensionNumber: '800',
    },
  },
  {
    id: SITE_LONDON_ID,
    name: 'London',
    country: { code: 'GB', name: 'United Kingdom' },
    mainAutoReceptionist: {
      id: 'ArLondonAAAAAAAAAAAAAA',
      extensionId: 'ArLondonExtAAAAAAAAAAA',
      name: 'London Auto Receptionist',
      extensionNumber: '801',
    },
  },
];

// Zoom template ids can hold `+`, `/` and `==` (docs/reference/zoom-api.md §5.3); keep that so clients must encode them.
const DEFAULT_TEMPLATES: TemplateRecord[] = [
  { id: 'Dv4YdINdTk+Z5RToadh5ug==', name: 'Standard User', description: 'Default settings for staff' },
  { id: 'Sa1esTeam/Q5RToadh5ug==', name: 'Sales Team', description: 'Call recording on, sales call queue' },
];

const DEFAULT_CALLING_PLANS: CallingPlanRecord[] = [
  { type: 200, name: 'US/CA Unlimited Calling Plan', subscribed: 20 },
  { type: 100, name: 'US/CA Metered Calling Plan', subscribed: 10 },
  { type: 102, name: 'UK/Ireland Metered Calling Plan', subscribed: 5 },
  { type: 1000, name: 'Global Select Calling Plan', subscribed: 5 },
  { type: 3000, name: 'Zoom Phone Pro', subscribed: 10 },
  { type: 4000, name: 'International Calling Add-On', subscribed: 0 },
  { type: 4010, name: 'Power Pack', subscribed: 10 },
];

// Main Office has a default emergency address (so numbers can be assigned there); London has none, so a
// London user needs a personal one.
const DEFAULT_EMERGENCY_ADDRESSES: EmergencyAddressRecord[] = [
  {
    id: 'EaMain00AAAAAAAAAAAAAA',
    addressLine1: '55 Almaden Blvd',
    city: 'San Jose',
    stateCode: 'CA',
    zip: '95113',
    country: 'US',
    siteId: SITE_MAIN_ID,
    isDefault: true,
    level: 0,
    status: 4,
  },
];

const DEFAULT_PROVISION_TEMPLATES: ProvisionTemplateRecord[] = [
  { id: 'PtSales0AAAAAAAAAAAAAA', name: 'Sales desk phones', description: 'Poly VVX line keys for sales' },
  { id: 'PtStaff0AAAAAAAAAAAAAA', name: 'Standard desk phones', description: 'One line, voicemail key' },
];

export const CALL_QUEUE_SALES_ID = 'CqSales0AAAAAAAAAAAAAA';
export const SHARED_LINE_GROUP_FRONT_ID = 'SlgFront0AAAAAAAAAAAAA';

const DEFAULT_CALL_QUEUES: CallQueueRecord[] = [
  {
    id: CALL_QUEUE_SALES_ID,
    name: 'Sales Queue',
    extensionId: 'CqSalesExtAAAAAAAAAAAA',
    extensionNumber: '850',
    siteId: SITE_MAIN_ID,
    phoneNumbers: [{ id: 'NumCqSalesAAAAAAAAAAAA', number: '+14155550300' }],
    memberIds: [],
  },
  {
    id: 'CqSupportAAAAAAAAAAAAA',
    name: 'Support Queue',
    extensionId: 'CqSupportExtAAAAAAAAAA',
    extensionNumber: '851',
    siteId: SITE_MAIN_ID,
    phoneNumbers: [],
    memberIds: [],
  },
];

const DEFAULT_SHARED_LINE_GROUPS: SharedLineGroupRecord[] = [
  {
    id: SHARED_LINE_GROUP_FRONT_ID,
    displayName: 'Front Desk',
    extensionId: 'SlgFrontExtAAAAAAAAAAA',
    extensionNumber: '860',
    siteId: SITE_MAIN_ID,
    phoneNumbers: [{ id: 'NumSlgFrontAAAAAAAAAAA', number: '+14155550310' }],
    memberIds: [],
  },
];

function usNumber(i: number): Omit<PhoneNumberRecord, 'assigneeId'> {
  const last4 = String(100 + i).padStart(4, '0');
  return {
    id: `NumUs${last4}AAAAAAAAAAAAA`,
    number: `+1415555${last4}`,
    numberType: 'toll',
    siteId: SITE_MAIN_ID,
    location: { country: 'US', state: 'CA', city: 'San Francisco' },
  };
}

function ukNumber(i: number): Omit<PhoneNumberRecord, 'assigneeId'> {
  const last4 = String(100 + i).padStart(4, '0');
  return {
    id: `NumUk${last4}AAAAAAAAAAAAA`,
    number: `+44207946${last4}`,
    numberType: 'toll',
    siteId: SITE_LONDON_ID,
    location: { country: 'GB', city: 'London' },
  };
}

// 16 US + 4 UK unassigned numbers, plus bob's +14155550199.
const DEFAULT_NUMBERS: Omit<PhoneNumberRecord, 'assigneeId'>[] = [
  ...Array.from({ length: 16 }, (_, i) => usNumber(i)),
  ...Array.from({ length: 4 }, (_, i) => ukNumber(i)),
  { ...usNumber(99), id: 'NumBob0199AAAAAAAAAAAA' },
];

export const ALICE_ID = 'AliceUsr0AAAAAAAAAAAAA';
export const BOB_ID = 'BobUser00AAAAAAAAAAAAA';
export const CAROL_ID = 'CarolUsr0AAAAAAAAAAAAA';

const DEFAULT_USERS: SeedUser[] = [
  { id: ALICE_ID, email: 'alice@example.com', firstName: 'Alice', lastName: 'Anders', type: 2, status: 'active' },
  {
    id: BOB_ID,
    email: 'bob@example.com',
    firstName: 'Bob',
    lastName: 'Brown',
    type: 2,
    status: 'active',
    phone: {
      extensionNumber: '1001',
      siteId: SITE_MAIN_ID,
      callingPlans: [200],
      numbers: ['+14155550199'],
      phoneUserId: 'BobPhone0AAAAAAAAAAAAA',
      extensionId: 'BobExt000AAAAAAAAAAAAA',
    },
  },
  { id: CAROL_ID, email: 'carol@example.com', firstName: 'Carol', lastName: 'Clark', type: 2, status: 'pending' },
];

/** The account the emulator starts with by default (`seed: 'default'`). */
export const defaultSeed: Required<SeedData> = {
  account: DEFAULT_ACCOUNT,
  sites: DEFAULT_SITES,
  templates: DEFAULT_TEMPLATES,
  callingPlans: DEFAULT_CALLING_PLANS,
  numbers: DEFAULT_NUMBERS,
  users: DEFAULT_USERS,
  emergencyAddresses: DEFAULT_EMERGENCY_ADDRESSES,
  provisionTemplates: DEFAULT_PROVISION_TEMPLATES,
  devices: [],
  callQueues: DEFAULT_CALL_QUEUES,
  sharedLineGroups: DEFAULT_SHARED_LINE_GROUPS,
};

/** `seed: 'empty'`: the same catalogue (licences, sites, templates, plans, unassigned numbers) and no users. */
export const emptySeed: Required<SeedData> = {
  ...defaultSeed,
  numbers: DEFAULT_NUMBERS,
  users: [],
};

export function resolveSeed(seed: 'default' | 'empty' | SeedData | undefined): Required<SeedData> {
  if (seed === undefined || seed === 'default') return defaultSeed;
  if (seed === 'empty') return emptySeed;
  return {
    account: { ...DEFAULT_ACCOUNT, ...seed.account },
    sites: seed.sites ?? emptySeed.sites,
    templates: seed.templates ?? emptySeed.templates,
    callingPlans: seed.callingPlans ?? emptySeed.callingPlans,
    numbers: seed.numbers ?? emptySeed.numbers,
    users: seed.users ?? [],
    emergencyAddresses: seed.emergencyAddresses ?? emptySeed.emergencyAddresses,
    provisionTemplates: seed.provisionTemplates ?? emptySeed.provisionTemplates,
    devices: seed.devices ?? [],
    callQueues: seed.callQueues ?? emptySeed.callQueues,
    sharedLineGroups: seed.sharedLineGroups ?? emptySeed.sharedLineGroups,
  };
}

/** Deep-copies the seed into a fresh state so two emulators never share records. */
export function buildState(
  seedOption: 'default' | 'empty' | SeedData | undefined,
  accountId: string,
  now: Date,
): EmulatorState {
  const seed = resolveSeed(seedOption);
  const clone = <T>(v: T): T => structuredClone(v);
  const account: AccountRecord = { ...clone({ ...DEFAULT_ACCOUNT, ...seed.account }), id: accountId };
  const numbers: PhoneNumberRecord[] = clone(seed.numbers).map((n) => ({ ...n }));
  const users: UserRecord[] = seed.users.map((u) => {
    const user: UserRecord = {
      id: u.id,
      email: u.email,
      firstName: u.firstName ?? '',
      lastName: u.lastName ?? '',
      displayName: [u.firstName, u.lastName].filter(Boolean).join(' '),
      type: u.type ?? 2,
      status: u.status,
      creationType: 'seed',
      createdAt: u.createdAt ? new Date(u.createdAt) : new Date(now.getTime()),
      acceptedAt: u.status === 'pending' ? undefined : new Date(now.getTime()),
      zoomPhone: Boolean(u.phone) || Boolean(u.zoomPhoneLicense),
    };
    if (u.phone) {
      user.phone = {
        phoneUserId: u.phone.phoneUserId ?? newId(),
        extensionId: u.phone.extensionId ?? newId(),
        extensionNumber: u.phone.extensionNumber,
        siteId: u.phone.siteId,
        templateId: u.phone.templateId,
        status: u.phone.status ?? 'activate',
        callingPlans: [...(u.phone.callingPlans ?? [])],
        readyAt: 0,
      };
      for (const num of u.phone.numbers ?? []) {
        const rec = numbers.find((n) => n.number === num);
        if (!rec) throw new Error(`seed: user ${u.email} lists unknown number ${num}`);
        rec.assigneeId = u.id;
      }
    }
    return user;
  });
  const state = new EmulatorState(
    account,
    clone(seed.sites),
    clone(seed.templates),
    clone(seed.callingPlans),
    numbers,
    users,
  );
  state.emergencyAddresses = clone(seed.emergencyAddresses);
  state.provisionTemplates = clone(seed.provisionTemplates);
  state.devices = clone(seed.devices);
  state.callQueues = clone(seed.callQueues);
  state.sharedLineGroups = clone(seed.sharedLineGroups);
  return state;
}
