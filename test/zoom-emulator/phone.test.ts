import { afterEach, describe, expect, it } from 'vitest';
import {
  BOB_ID,
  SITE_LONDON_ID,
  defaultSeed,
  startZoomEmulator,
  type SeedData,
  type SeedUser,
  type ZoomEmulator,
} from '../../src/zoom/emulator/index.js';
import { TestClient, enc } from './client.js';

let em: ZoomEmulator | undefined;
afterEach(async () => {
  await em?.close();
  em = undefined;
});

async function setup(seed?: SeedData): Promise<{ em: ZoomEmulator; c: TestClient }> {
  em = await startZoomEmulator({ rateLimits: false, seed });
  return { em, c: await TestClient.create(em) };
}

async function givePhone(c: TestClient, email: string): Promise<void> {
  expect((await c.call('PATCH', `/users/${email}/settings`, { body: { feature: { zoom_phone: true } } })).status).toBe(
    204,
  );
}

function activeUsers(n: number): SeedUser[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `Batch${String(i).padStart(2, '0')}AAAAAAAAAAAAAAA`.slice(0, 22),
    email: `b${i}@example.com`,
    status: 'active' as const,
  }));
}

describe('extensions', () => {
  it('are unique across the account, including auto receptionists', async () => {
    const { c } = await setup();
    await givePhone(c, 'alice@example.com');
    const taken = await c.call('PATCH', '/phone/users/alice@example.com', { body: { extension_number: '1001' } });
    expect(taken.status).toBe(400);
    expect(taken.body).toEqual({ code: 400, message: 'Extension number 1001 is already used.' });
    expect(
      (await c.call('PATCH', '/phone/users/alice@example.com', { body: { extension_number: '800' } })).body.message,
    ).toBe('Extension number 800 is already used.');
    // Setting your own extension again is fine.
    expect((await c.call('PATCH', '/phone/users/bob@example.com', { body: { extension_number: '1001' } })).status).toBe(
      204,
    );
    expect(
      (await c.call('PATCH', '/phone/users/alice@example.com', { body: { extension_number: '4321' } })).status,
    ).toBe(204);
    expect((await c.call('GET', '/phone/users/alice@example.com')).body.extension_number).toBe(4321);
    // Alice's old 1000 is free again: the next auto-assignment takes the lowest free extension.
    await c.call('POST', '/users', {
      body: { action: 'autoCreate', user_info: { email: 'next@example.com', type: 1, password: 'Passw0rd!x' } },
    });
    await givePhone(c, 'next@example.com');
    expect((await c.call('GET', '/phone/users/next@example.com')).body.extension_number).toBe(1000);
  });

  it('must be 3–6 digits, sent as a string', async () => {
    const { c } = await setup();
    for (const ext of ['12', '1234567']) {
      const res = await c.call('PATCH', `/phone/users/${BOB_ID}`, { body: { extension_number: ext } });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ code: 400, message: 'Invalid full extension number length.' });
    }
    for (const ext of ['12a4', 1234]) {
      const res = await c.call('PATCH', `/phone/users/${BOB_ID}`, { body: { extension_number: ext } });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe(300);
    }
    expect((await c.call('PATCH', `/phone/users/${BOB_ID}`, { body: { extension_number: '123' } })).status).toBe(204);
    expect((await c.call('PATCH', `/phone/users/${BOB_ID}`, { body: { extension_number: '123456' } })).status).toBe(
      204,
    );
  });

  it('with a site code: batch takes the short extension, PATCH the full one', async () => {
    const seed: SeedData = {
      sites: [
        { id: 'SiteCoded0AAAAAAAAAAAA', name: 'Coded', siteCode: 7, country: { code: 'US', name: 'United States' } },
      ],
      users: activeUsers(2),
    };
    const { c } = await setup(seed);
    const res = await c.call('POST', '/phone/users/batch', {
      body: { users: [{ email: 'b0@example.com', extension_number: '123', calling_plans: [], site_code: '7' }] },
    });
    expect(res.status).toBe(201);
    expect((await c.call('GET', '/phone/users/b0@example.com')).body.extension_number).toBe(7123);
    expect(
      (await c.call('PATCH', '/phone/users/b0@example.com', { body: { extension_number: '8123' } })).body.message,
    ).toBe('Invalid full extension number length.');
    expect((await c.call('PATCH', '/phone/users/b0@example.com', { body: { extension_number: '7456' } })).status).toBe(
      204,
    );
    // Auto-assignment prefixes the site code too.
    await givePhone(c, 'b1@example.com');
    expect((await c.call('GET', '/phone/users/b1@example.com')).body.extension_number).toBe(71000);
  });
  it('with a site code and short_extension.length: the batch call refuses the full form, PATCH the short one', async () => {
    const seed: SeedData = {
      sites: [
        {
          id: 'SiteCoded0AAAAAAAAAAAA',
          name: 'Coded',
          siteCode: 7,
          shortExtensionLength: 3,
          country: { code: 'US', name: 'United States' },
        },
      ],
      users: activeUsers(2),
    };
    const { c } = await setup(seed);
    expect((await c.call('GET', '/phone/sites/SiteCoded0AAAAAAAAAAAA')).body).toMatchObject({
      site_code: 7,
      short_extension: { length: 3 },
    });
    // The full extension (code + short) where the short one is expected: validation fails, nothing is applied.
    const full = await c.call('POST', '/phone/users/batch', {
      body: { users: [{ email: 'b0@example.com', extension_number: '7123', calling_plans: [], site_name: 'Coded' }] },
    });
    expect(full.status).toBe(400);
    expect(full.body.code).toBe(300);
    expect(full.body.errors[0].field).toBe('users[0].extension_number');
    expect((await c.call('GET', '/phone/users/b0@example.com')).status).toBe(404);
    expect(
      (
        await c.call('POST', '/phone/users/batch', {
          body: {
            users: [{ email: 'b0@example.com', extension_number: '123', calling_plans: [], site_name: 'Coded' }],
          },
        })
      ).status,
    ).toBe(201);
    expect((await c.call('GET', '/phone/users/b0@example.com')).body.extension_number).toBe(7123);
    // PATCH wants code + exactly three digits.
    expect(
      (await c.call('PATCH', '/phone/users/b0@example.com', { body: { extension_number: '456' } })).body.message,
    ).toBe('Invalid full extension number length.');
    expect(
      (await c.call('PATCH', '/phone/users/b0@example.com', { body: { extension_number: '74567' } })).body.message,
    ).toBe('Invalid full extension number length.');
    expect((await c.call('PATCH', '/phone/users/b0@example.com', { body: { extension_number: '7456' } })).status).toBe(
      204,
    );
  });
});

describe('calling plan seats', () => {
  it('assigning takes a seat, unassigning frees it, a full plan refuses', async () => {
    const seed: SeedData = {
      callingPlans: [{ type: 100, name: 'US/CA Metered Calling Plan', subscribed: 1 }],
      users: activeUsers(2),
    };
    const { c } = await setup(seed);
    await givePhone(c, 'b0@example.com');
    await givePhone(c, 'b1@example.com');
    const plans = async (): Promise<unknown> => (await c.call('GET', '/phone/calling_plans')).body.calling_plans;
    expect(await plans()).toEqual([
      { type: 100, name: 'US/CA Metered Calling Plan', subscribed: 1, assigned: 0, available: 1 },
    ]);

    expect(
      (await c.call('POST', '/phone/users/b0@example.com/calling_plans', { body: { calling_plans: [{ type: 100 }] } }))
        .status,
    ).toBe(200);
    expect(await plans()).toEqual([
      { type: 100, name: 'US/CA Metered Calling Plan', subscribed: 1, assigned: 1, available: 0 },
    ]);
    const full = await c.call('POST', '/phone/users/b1@example.com/calling_plans', {
      body: { calling_plans: [{ type: 100 }] },
    });
    expect(full.status).toBe(400);
    expect(full.body.code).toBe(300);
    expect(full.body.message).toContain('No available seats');
    const twice = await c.call('POST', '/phone/users/b0@example.com/calling_plans', {
      body: { calling_plans: [{ type: 100 }] },
    });
    expect(twice.status).toBe(400);
    expect(twice.body.message).toContain('already assigned');
    const unknown = await c.call('POST', '/phone/users/b1@example.com/calling_plans', {
      body: { calling_plans: [{ type: 200 }] },
    });
    expect(unknown.body).toEqual({ code: 300, message: 'Unknown or invalid calling plan: 200.' });

    expect((await c.call('DELETE', '/phone/users/b0@example.com/calling_plans/100')).status).toBe(204);
    expect(await plans()).toEqual([
      { type: 100, name: 'US/CA Metered Calling Plan', subscribed: 1, assigned: 0, available: 1 },
    ]);
    expect(
      (await c.call('POST', '/phone/users/b1@example.com/calling_plans', { body: { calling_plans: [{ type: 100 }] } }))
        .status,
    ).toBe(200);
    expect((await c.call('GET', '/phone/users/b1@example.com')).body.calling_plans).toEqual([{ type: 100 }]);
    expect((await c.call('GET', '/phone/users', { query: { keyword: 'b1@' } })).body.users[0].calling_plans).toEqual([
      { type: 100, name: 'US/CA Metered Calling Plan' },
    ]);
  });

  it('a multi-plan request is all-or-nothing', async () => {
    const { em, c } = await setup();
    await givePhone(c, 'alice@example.com');
    const res = await c.call('POST', '/phone/users/alice@example.com/calling_plans', {
      body: { calling_plans: [{ type: 100 }, { type: 4000 }] },
    });
    expect(res.status).toBe(400);
    expect(em.state.findUser('alice@example.com')?.phone?.callingPlans).toEqual([]);
  });
});

describe('direct numbers', () => {
  it('need a calling plan and an unassigned number of the account; at most 10 per call', async () => {
    const { em, c } = await setup();
    await givePhone(c, 'alice@example.com');
    const noPlan = await c.call('POST', '/phone/users/alice@example.com/phone_numbers', {
      body: { phone_numbers: [{ number: '+14155550100' }] },
    });
    expect(noPlan.status).toBe(400);
    expect(noPlan.body.message).toContain('calling plan');
    await c.call('POST', '/phone/users/alice@example.com/calling_plans', { body: { calling_plans: [{ type: 200 }] } });

    const bobs = await c.call('POST', '/phone/users/alice@example.com/phone_numbers', {
      body: { phone_numbers: [{ number: '+14155550199' }] },
    });
    expect(bobs.body).toEqual({ code: 409, message: 'Phone number already in use.' });
    const missing = await c.call('POST', '/phone/users/alice@example.com/phone_numbers', {
      body: { phone_numbers: [{ id: 'NoSuchNumber' }] },
    });
    expect(missing.body).toEqual({ code: 400, message: 'Phone number does not exist, phonenumberId:NoSuchNumber' });
    const eleven = Array.from({ length: 11 }, (_, i) => ({ number: `+141555501${String(i).padStart(2, '0')}` }));
    expect(
      (await c.call('POST', '/phone/users/alice@example.com/phone_numbers', { body: { phone_numbers: eleven } }))
        .status,
    ).toBe(400);
    // A rejected request assigns nothing, even the valid numbers in it.
    const mixed = await c.call('POST', '/phone/users/alice@example.com/phone_numbers', {
      body: { phone_numbers: [{ number: '+14155550100' }, { number: '+14155550199' }] },
    });
    expect(mixed.status).toBe(400);
    expect(em.state.findNumber('+14155550100')?.assigneeId).toBeUndefined();

    const ok = await c.call('POST', '/phone/users/alice@example.com/phone_numbers', {
      body: { phone_numbers: [{ number: '+14155550100' }] },
    });
    expect(ok.body.phone_numbers).toEqual([{ id: 'NumUs0100AAAAAAAAAAAAA', number: '+14155550100' }]);
    const again = await c.call('POST', '/phone/users/alice@example.com/phone_numbers', {
      body: { phone_numbers: [{ number: '+14155550100' }] },
    });
    expect(again.body.code).toBe(409);
    const aliceList = await c.call('GET', '/phone/users', { query: { keyword: '4155550100' } });
    expect(aliceList.body.users.map((u: { email: string }) => u.email)).toEqual(['alice@example.com']);

    // Bob can't remove Alice's number; Alice can, by number (with or without +) or id.
    expect((await c.call('DELETE', `/phone/users/bob@example.com/phone_numbers/${enc('+14155550100')}`)).status).toBe(
      404,
    );
    expect((await c.call('DELETE', '/phone/users/alice@example.com/phone_numbers/14155550100')).status).toBe(204);
    expect(em.state.findNumber('+14155550100')?.assigneeId).toBeUndefined();
    expect(
      (
        await c.call('POST', '/phone/users/bob@example.com/phone_numbers', {
          body: { phone_numbers: [{ id: 'NumUs0100AAAAAAAAAAAAA' }] },
        })
      ).status,
    ).toBe(200);
    const assigned = await c.call('GET', '/phone/numbers', { query: { type: 'assigned' } });
    expect(assigned.body.phone_numbers.map((n: { number: string }) => n.number).sort()).toEqual([
      '+14155550100',
      '+14155550199',
    ]);
  });
});

describe('POST /phone/users/batch', () => {
  it('accepts exactly 10 users and refuses 11', async () => {
    const { em, c } = await setup({ ...defaultSeed, users: activeUsers(11) });
    const rows = (n: number): object[] =>
      Array.from({ length: n }, (_, i) => ({
        email: `b${i}@example.com`,
        extension_number: String(2000 + i),
        calling_plans: ['Pro'],
        site_name: 'Main Office',
      }));
    const eleven = await c.call('POST', '/phone/users/batch', { body: { users: rows(11) } });
    expect(eleven.status).toBe(400);
    expect(eleven.body).toEqual({ code: 400, message: 'User size must be less than 10.' });
    const ten = await c.call('POST', '/phone/users/batch', { body: { users: rows(10) } });
    expect(ten.status).toBe(201);
    expect(ten.body).toHaveLength(10);
    expect(ten.body[3]).toEqual({ email: 'b3@example.com', id: em.state.findUser('b3@example.com')?.id });
    expect(em.state.planUsage(3000)?.assigned).toBe(10);
    expect((await c.call('GET', '/phone/users/b9@example.com')).body).toMatchObject({
      extension_number: 2009,
      calling_plans: [{ type: 3000 }],
    });
  });

  it('applies site, template, plans by name and numbers in one call', async () => {
    const { em, c } = await setup();
    const res = await c.call('POST', '/phone/users/batch', {
      body: {
        users: [
          {
            email: 'alice@example.com',
            extension_number: '1777',
            calling_plans: ['UK/Ireland Metered', 'Global Select'],
            site_name: 'London',
            template_name: 'Sales Team',
            phone_numbers: ['+442079460100'],
            activation_status: 'deactivate',
          },
        ],
      },
    });
    expect(res.status).toBe(201);
    const phone = await c.call('GET', '/phone/users/alice@example.com');
    expect(phone.body).toMatchObject({
      extension_number: 1777,
      site_id: SITE_LONDON_ID,
      status: 'deactivate',
      phone_numbers: [{ number: '+442079460100' }],
    });
    expect(phone.body.calling_plans).toEqual([{ type: 102 }, { type: 1000 }]);
    expect(em.state.findUser('alice@example.com')?.phone?.templateId).toBe('Sa1esTeam/Q5RToadh5ug==');
    const listed = await c.call('GET', '/phone/users', { query: { status: 'deactivate' } });
    expect(listed.body.users).toHaveLength(1);
    expect(listed.body.users[0]).toMatchObject({
      email: 'alice@example.com',
      activation_status: 'ready to activate',
      site: { id: SITE_LONDON_ID, name: 'London' },
    });
  });

  it('validates every row first: one bad row fails the batch and nothing is applied', async () => {
    const { em, c } = await setup({ ...defaultSeed, users: [...defaultSeed.users, ...activeUsers(2)] });
    const licences = em.state.phoneLicensesUsed();
    const good = {
      email: 'b0@example.com',
      extension_number: '1500',
      calling_plans: ['US/CA Unlimited'],
      site_name: 'Main Office',
      phone_numbers: ['+14155550100'],
    };
    const cases: [object, RegExp | string][] = [
      [
        { email: 'carol@example.com', extension_number: '1501', calling_plans: [], site_name: 'Main Office' },
        /carol@example.com/,
      ],
      [
        { email: 'nobody@example.com', extension_number: '1501', calling_plans: [], site_name: 'Main Office' },
        /nobody@example.com/,
      ],
      [
        { email: 'bob@example.com', extension_number: '1501', calling_plans: [], site_name: 'Main Office' },
        /bob@example.com already has/,
      ],
      [
        { email: 'b1@example.com', extension_number: '1001', calling_plans: [], site_name: 'Main Office' },
        'Extension number 1001 is already used.',
      ],
      [
        { email: 'b1@example.com', extension_number: '1500', calling_plans: [], site_name: 'Main Office' },
        'Extension number 1500 is already used.',
      ],
      [
        {
          email: 'b1@example.com',
          extension_number: '1501',
          calling_plans: ['US/CA Unlimited Calling Plan'],
          site_name: 'Main Office',
        },
        /unknown calling plan/,
      ],
      [
        {
          email: 'b1@example.com',
          extension_number: '1501',
          calling_plans: ['International Calling Add-On'],
          site_name: 'Main Office',
        },
        /no available seats/,
      ],
      [
        {
          email: 'b1@example.com',
          extension_number: '1501',
          calling_plans: ['Pro'],
          site_name: 'Main Office',
          phone_numbers: ['+14155550100'],
        },
        /already in use/,
      ],
      [
        {
          email: 'b1@example.com',
          extension_number: '1501',
          calling_plans: ['Pro'],
          site_name: 'Main Office',
          phone_numbers: ['4155550101'],
        },
        /E.164/,
      ],
      [
        {
          email: 'b1@example.com',
          extension_number: '1501',
          calling_plans: [],
          site_name: 'Main Office',
          phone_numbers: ['+14155550101'],
        },
        /calling plan is required/,
      ],
      [{ email: 'b1@example.com', extension_number: '15', calling_plans: [], site_name: 'Main Office' }, /3-6 digit/],
      [{ email: 'b1@example.com', extension_number: '1501', calling_plans: [] }, /site_name or site_code/],
      [
        { email: 'b1@example.com', extension_number: '1501', calling_plans: [], site_name: 'Atlantis' },
        'Site does not exist.',
      ],
    ];
    for (const [bad, message] of cases) {
      const res = await c.call('POST', '/phone/users/batch', { body: { users: [good, bad] } });
      expect(res.status, JSON.stringify(bad)).toBeGreaterThanOrEqual(400);
      expect(res.body.message).toMatch(message);
    }
    expect(em.state.phoneLicensesUsed()).toBe(licences);
    expect(em.state.findUser('b0@example.com')?.zoomPhone).toBe(false);
    expect(em.state.findNumber('+14155550100')?.assigneeId).toBeUndefined();
    expect(em.state.extensionHolder('1500')).toBeUndefined();
    expect((await c.call('POST', '/phone/users/batch', { body: { users: [good] } })).status).toBe(201);
  });

  it('refuses when the account has too few phone licences for the batch', async () => {
    const { c } = await setup({ account: { phoneLicenses: 1 }, sites: [], users: activeUsers(2) });
    const rows = [0, 1].map((i) => ({
      email: `b${i}@example.com`,
      extension_number: String(3000 + i),
      calling_plans: [],
    }));
    const res = await c.call('POST', '/phone/users/batch', { body: { users: rows } });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe(1102);
  });
});

describe('PUT /phone/users/batch and GET /phone/users filters', () => {
  it('switches the phone status without touching licences, plans or numbers', async () => {
    const { em, c } = await setup();
    expect(
      (
        await c.call('PUT', '/phone/users/batch', {
          body: { batch_type: 'activate', user_ids: [BOB_ID], activation_status: 'deactivate' },
        })
      ).status,
    ).toBe(204);
    const bob = await c.call('GET', `/phone/users/${BOB_ID}`);
    expect(bob.body).toMatchObject({
      status: 'deactivate',
      calling_plans: [{ type: 200 }],
      phone_numbers: [{ number: '+14155550199' }],
    });
    expect(em.state.findUser(BOB_ID)?.zoomPhone).toBe(true);
    expect((await c.call('GET', '/phone/users', { query: { status: 'activate' } })).body.users).toEqual([]);
    const eleven = Array.from({ length: 11 }, () => BOB_ID);
    expect(
      (
        await c.call('PUT', '/phone/users/batch', {
          body: { batch_type: 'activate', user_ids: eleven, activation_status: 'activate' },
        })
      ).status,
    ).toBe(400);
    // An unknown id anywhere in the list fails the whole request.
    expect(
      (
        await c.call('PUT', '/phone/users/batch', {
          body: { batch_type: 'activate', user_ids: [BOB_ID, 'ghost'], activation_status: 'activate' },
        })
      ).status,
    ).toBe(404);
    expect(em.state.findUser(BOB_ID)?.phone?.status).toBe('deactivate');
    expect(
      (
        await c.call('PUT', '/phone/users/batch', {
          body: { batch_type: 'move_site', user_ids: [BOB_ID], site_id: SITE_LONDON_ID },
        })
      ).status,
    ).toBe(204);
    expect(
      (await c.call('GET', '/phone/users', { query: { site_id: SITE_LONDON_ID } })).body.users.map(
        (u: { id: string }) => u.id,
      ),
    ).toEqual([BOB_ID]);
  });

  it('keyword matches name, email, extension and number partially', async () => {
    const { c } = await setup();
    for (const keyword of ['Bob', 'brown', 'bob@exa', '100', '0199', '+1415555']) {
      const res = await c.call('GET', '/phone/users', { query: { keyword } });
      expect(
        res.body.users.map((u: { email: string }) => u.email),
        keyword,
      ).toEqual(['bob@example.com']);
    }
    expect((await c.call('GET', '/phone/users', { query: { keyword: 'zzz' } })).body.users).toEqual([]);
    expect((await c.call('GET', '/phone/users', { query: { status: 'pending' } })).body.users).toEqual([]);
  });
});
