// validateAdd (src/domain/validate-add.ts): what an add is checked against before anything changes — the
// Zoom account (users, extensions, plans and seats, numbers, sites, templates) and what phonebot already
// holds for open requests — and the one answer listing every problem under its field.
import { beforeAll, describe, expect, it } from 'vitest';
import { CatalogCache } from '../../src/domain/catalog.js';
import type { AddArgs } from '../../src/domain/command-grammar.js';
import { createAddRequest } from '../../src/domain/requests.js';
import { checkGivenValues, validateAdd, type ValidationContext } from '../../src/domain/validate-add.js';
import { RecordingListener, useDatabase } from './support/db.js';
import { MemoryZoom } from './support/memory-zoom.js';

const database = useDatabase();
const zoom = new MemoryZoom()
  .addPlan(200, 'US/CA Unlimited', 3)
  .addPlan(3000, 'Pro', 1)
  .addSite({ id: 's-hq', name: 'HQ' })
  .addSite({ id: 's-ny', name: 'New York' })
  .addTemplate('t-sales', 'Sales')
  .addTemplate('t-common', 'Company defaults', 'common')
  .addNumber('+14155550102')
  .addNumber('+14155550103', { name: 'Support queue', type: 'callQueue' })
  .addNumber('+14155550104')
  .addNumber('+14155550105');
zoom.addUser('taken@example.com', { phone: { extension: '4000', plans: [200, 3000], numbers: ['+14155550101'] } });
zoom.addUser('gone@example.com', { status: 'inactive' });
zoom.addUser('active@example.com');
zoom.addUser('pending@example.com', { status: 'pending' });

const range = { from: 4000, to: 4010, digits: 4 };
let heldRequest: number;

function ctx(over: Partial<ValidationContext> = {}): ValidationContext {
  return {
    db: database.db,
    zoom,
    catalog: new CatalogCache(zoom),
    extensionRange: range,
    defaultCountry: 'US',
    ...over,
  };
}

const add = (args: Partial<AddArgs> & { email?: string }, over: Partial<ValidationContext> = {}) =>
  validateAdd(ctx(over), { email: 'new@example.com', ...args });

async function problems(args: Partial<AddArgs>, over: Partial<ValidationContext> = {}) {
  const v = await add(args, over);
  if (v.ok) throw new Error(`expected problems, got ${JSON.stringify(v.resolved)}`);
  return v.problems;
}

beforeAll(async () => {
  // An open request waiting for approval holds its e-mail, extension 4001, a number and a US/CA seat.
  const request = await createAddRequest(database.db, new RecordingListener(), {
    requestedBy: 'U-REQ',
    resolved: {
      email: 'held@example.com',
      extension: '4001',
      extensionAuto: false,
      plan: { type: 200, name: 'US/CA Unlimited' },
      number: '+14155550104',
      numberAuto: false,
    },
  });
  heldRequest = request.id;
});

describe('the extension', () => {
  it('accepts a free extension and the rest of a plain add, noting what a plan-less phone cannot do', async () => {
    const v = await add({ extension: '4050' });
    expect(v).toEqual({
      ok: true,
      notes: [
        'No calling plan: the user can only receive calls to the extension (no outbound calls, no direct number).',
      ],
      warnings: [],
      resolved: expect.objectContaining({ email: 'new@example.com', extension: '4050', extensionAuto: false }),
    });
  });

  it('refuses an extension somebody has in Zoom, and one phonebot holds for an open request', async () => {
    expect(await problems({ extension: '4000' })).toEqual([
      {
        field: 'extension',
        message:
          'extension 4000 is already used by taken@example.com in Zoom; pick another or leave it out to get the next free one',
      },
    ]);
    expect(await problems({ extension: '4001' })).toEqual([
      { field: 'extension', message: `extension 4001 is held for request #${heldRequest} for held@example.com` },
    ]);
  });

  it('does not mistake a partial keyword match in Zoom for the extension', async () => {
    // Zoom's keyword search for 400 finds the user with 4000; only an exact match counts.
    expect(await add({ extension: '400' })).toMatchObject({ ok: true, resolved: { extension: '400' } });
  });

  it('lets the request being edited keep the extension it holds', async () => {
    expect(await add({ extension: '4001' }, { ownRequestId: heldRequest })).toMatchObject({ ok: true });
  });

  it('picks the lowest free extension of the range, stepping around Zoom and the holds', async () => {
    expect(await add({})).toMatchObject({ ok: true, resolved: { extension: '4002', extensionAuto: true } });
  });

  it('says when the range has no free extension left', async () => {
    expect(await problems({}, { extensionRange: { from: 4000, to: 4001, digits: 4 } })).toEqual([
      {
        field: 'extension',
        message: 'no free extension found in 4000-4001 (PHONEBOT_EXTENSION_RANGE); give one with ext <digits>',
      },
    ]);
  });
});

describe('the user', () => {
  it('refuses a user who already has Zoom Phone, one deactivated in Zoom, and one with a request in progress', async () => {
    expect(await problems({ email: 'taken@example.com', extension: '4050' })).toEqual([
      {
        field: 'email',
        message:
          'taken@example.com already has Zoom Phone (extension 4000); use /phone status taken@example.com or /phone ext to change it',
      },
    ]);
    expect(await problems({ email: 'gone@example.com', extension: '4050' })).toEqual([
      {
        field: 'email',
        message:
          'gone@example.com is deactivated in Zoom; reactivate the user in Zoom (or /phone restore if phonebot removed them) first',
      },
    ]);
    expect(await problems({ email: 'held@example.com', extension: '4050' })).toEqual([
      {
        field: 'email',
        message: `held@example.com already has request #${heldRequest} for held@example.com in progress`,
      },
    ]);
  });

  it('hands on what Zoom said about the user, for the first provisioning step', async () => {
    expect(await add({ email: 'active@example.com', extension: '4050' })).toMatchObject({
      ok: true,
      resolved: { zoomUser: { id: zoom.user('active@example.com')!.id, status: 'active' } },
    });
    expect(await add({ email: 'pending@example.com', extension: '4050' })).toMatchObject({
      ok: true,
      resolved: { zoomUser: { status: 'pending' } },
    });
    expect(await add({ extension: '4050' })).toMatchObject({ ok: true, resolved: { zoomUser: undefined } });
  });

  it('tells the admin to try again when Zoom cannot be asked', async () => {
    zoom.refuseNext('findUser', 503, undefined, 'Service Unavailable');
    expect(await problems({ extension: '4050' })).toEqual([
      {
        field: 'email',
        message: 'could not check the user in Zoom (Zoom said 503: Service Unavailable); try again in a minute',
      },
    ]);
  });
});

describe('the calling plan and its seats', () => {
  it('finds a plan by name, by code and by Zoom’s short name', async () => {
    for (const plan of ['US/CA Unlimited', '200', 'us/ca unlimited calling plan'])
      expect(await add({ extension: '4050', plan })).toMatchObject({
        ok: true,
        resolved: { plan: { type: 200, name: 'US/CA Unlimited' } },
      });
  });

  it('refuses an unknown plan, listing the plans of the account', async () => {
    expect(await problems({ extension: '4050', plan: 'Gold' })).toEqual([
      { field: 'plan', message: 'calling plan "Gold" does not exist; available: US/CA Unlimited (200), Pro (3000)' },
    ]);
  });

  it('refuses a plan with no seat left', async () => {
    expect(await problems({ extension: '4050', plan: 'Pro' })).toEqual([
      { field: 'plan', message: 'no seats left on Pro (1 of 1 assigned); free one or buy more' },
    ]);
  });

  it('counts the seats promised to open requests: a waiting add is refused, an approver’s add is warned', async () => {
    // 3 seats: one assigned, one promised to the held request, one free.
    expect(await add({ extension: '4050', plan: '200' })).toMatchObject({ ok: true, warnings: [] });
    zoom.addUser('seated@example.com', { phone: { extension: '4060', plans: [200] } });
    try {
      expect(await problems({ extension: '4050', plan: '200' })).toEqual([
        {
          field: 'plan',
          message:
            'no seats left on US/CA Unlimited (2 of 3 assigned, the rest promised to open requests); free one or buy more',
        },
      ]);
      const v = await add({ extension: '4050', plan: '200' }, { seats: 'approver' });
      expect(v.ok && v.warnings).toEqual([
        `This takes a US/CA Unlimited seat promised to open requests: #${heldRequest} (held@example.com) may lack a seat when it runs. Free or buy seats before approving it.`,
      ]);
    } finally {
      zoom.users.splice(zoom.users.indexOf(zoom.user('seated@example.com')!), 1);
    }
  });
});

describe('the site and the template', () => {
  it('resolves them by name (any case) or id', async () => {
    expect(await add({ extension: '4050', site: 'new york', template: 't-sales' })).toMatchObject({
      ok: true,
      resolved: { site: { id: 's-ny', name: 'New York' }, template: { id: 't-sales', name: 'Sales' } },
    });
  });

  it('refuses unknown ones, listing what exists (user templates only)', async () => {
    expect(await problems({ extension: '4050', site: 'Paris', template: 'Company defaults' })).toEqual([
      { field: 'site', message: 'site "Paris" does not exist; sites: HQ, New York' },
      { field: 'template', message: 'template "Company defaults" does not exist; user templates: Sales' },
    ]);
  });
});

describe('the direct number', () => {
  it('accepts a free number of the account, showing how a local spelling was read', async () => {
    const v = await add({ extension: '4050', plan: '200', number: '(415) 555-0102' });
    expect(v).toMatchObject({ ok: true, resolved: { number: '+14155550102', numberAuto: false } });
    expect(v.ok && v.notes).toContain('Number written as (415) 555-0102 → +14155550102');
  });

  it('refuses a number held by a user or a call queue, held by phonebot, or not of this account', async () => {
    const one = (number: string) => problems({ extension: '4050', plan: '200', number });
    expect(await one('+14155550101')).toEqual([
      { field: 'number', message: '+14155550101 is already assigned to taken@example.com' },
    ]);
    expect(await one('+14155550103')).toEqual([
      { field: 'number', message: '+14155550103 is already assigned to Support queue' },
    ]);
    expect(await one('+14155550104')).toEqual([
      { field: 'number', message: `+14155550104 is held for request #${heldRequest} for held@example.com` },
    ]);
    expect(await one('+14155550199')).toEqual([
      {
        field: 'number',
        message:
          '+14155550199 is not a number of this Zoom account; use number auto or a number from Phone System Management > Phone Numbers',
      },
    ]);
  });

  it('needs a calling plan for a number', async () => {
    expect(await problems({ extension: '4050', number: '+14155550102' })).toEqual([
      {
        field: 'number',
        message:
          'a direct number needs a calling plan: add plan <name> (Zoom only assigns numbers to users with a calling plan)',
      },
    ]);
  });

  it('picks the first unassigned number phonebot does not hold for `auto`', async () => {
    expect(await add({ extension: '4050', plan: '200', number: 'auto' })).toMatchObject({
      ok: true,
      resolved: { number: '+14155550102', numberAuto: true },
    });
  });
});

describe('all at once', () => {
  it('lists every problem in one answer, each under its field', async () => {
    const v = await problems({
      email: 'taken@example.com',
      extension: '4001',
      plan: 'Gold',
      site: 'Paris',
      number: '+14155550101',
    });
    expect(v.map((p) => p.field).sort()).toEqual(['email', 'extension', 'number', 'plan', 'site']);
  });

  it('checks the values that did read when the command itself did not', async () => {
    expect(await checkGivenValues(ctx(), { extension: '4000', site: 'HQ' })).toEqual([
      {
        field: 'extension',
        message:
          'extension 4000 is already used by taken@example.com in Zoom; pick another or leave it out to get the next free one',
      },
    ]);
    expect(await checkGivenValues(ctx(), { site: 'HQ' })).toEqual([]);
  });
});
