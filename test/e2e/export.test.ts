// `/phone export` end to end: the CSV arrives in the approver's DM (nothing in the channel), read with list
// calls only; edited in two cells and shared back through the real file_shared path, it changes exactly
// those two things in Zoom and leaves every other user as it was.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSeed, type SeedUser, SITE_LONDON_ID, SITE_MAIN_ID } from '../../src/zoom/emulator/index.js';
import { fileSharedEnvelope, sendEvent } from '../fakes/slack/index.js';
import {
  ADMIN,
  ADMIN_CHANNEL,
  GENERAL,
  type Harness,
  REQUESTER,
  SIGNING_SECRET,
  startHarness,
  textOf,
} from '../support/harness.js';
import { buttonsOf, click } from '../support/slack-actions.js';

const extra: SeedUser[] = [
  {
    // Two plans and two numbers: one cell each, read back as "what the user has".
    id: 'MiaUser00AAAAAAAAAAAAA',
    email: 'mia@example.com',
    firstName: 'Mia',
    lastName: 'Moss',
    type: 2,
    status: 'active',
    phone: {
      extensionNumber: '1002',
      siteId: SITE_MAIN_ID,
      callingPlans: [200, 4010],
      numbers: ['+14155550100', '+14155550101'],
    },
  },
  {
    id: 'LiamUser0AAAAAAAAAAAAA',
    email: 'liam@example.com',
    firstName: 'Liam',
    lastName: 'Lee',
    type: 2,
    status: 'active',
    phone: { extensionNumber: '1003', siteId: SITE_LONDON_ID, callingPlans: [102], numbers: ['+442079460100'] },
  },
  {
    // A name a spreadsheet would run as a formula.
    id: 'EveUser00AAAAAAAAAAAAA',
    email: 'eve@example.com',
    firstName: '=HYPERLINK("http://x.example")',
    lastName: 'Eve',
    type: 2,
    status: 'active',
    phone: { extensionNumber: '1004', siteId: SITE_MAIN_ID },
  },
];

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ zoom: { seed: { ...defaultSeed, users: [...defaultSeed.users, ...extra] } } });
});
afterAll(async () => {
  await h?.stop();
});

const db = () => h.bot.services.db;
const writes = () => h.zoom.calls.filter((c) => c.method !== 'GET' && c.family !== 'oauth');

/** Everything Zoom holds for each phone user that the export covers. */
function zoomPhones() {
  return Object.fromEntries(
    h.zoom.state.users
      .filter((u) => u.phone)
      .map((u) => [
        u.email,
        {
          extension: u.phone!.extensionNumber,
          plans: [...u.phone!.callingPlans].sort(),
          numbers: h.zoom.state
            .numbersOf(u.id)
            .map((n) => n.number)
            .sort(),
          site: u.phone!.siteId,
          template: u.phone!.templateId,
        },
      ]),
  );
}

async function exportFor(user: string, text = 'export') {
  const uploadsBefore = h.slack.uploads().length;
  const res = await h.command(text, { user, channel: GENERAL });
  return { res, uploadsBefore };
}

describe('/phone export', () => {
  it('sends every phone user to the approver privately; edited in two cells and uploaded, Zoom changes exactly those two', async () => {
    // alice@ is set up by phonebot with a template, so the export knows her template.
    await h.command('add alice@example.com ext 1500 plan 200 template "Standard User"', {
      user: ADMIN,
      channel: ADMIN_CHANNEL,
    });
    await h.slack.waitFor(
      async () =>
        h.zoom.state.findUser('alice@example.com')?.phone?.templateId &&
        (await db().phoneUser.findFirst({ where: { email: 'alice@example.com', templateName: { not: null } } })),
      { timeoutMs: 20_000, message: 'alice@ was not provisioned' },
    );
    await h.slack.waitFor(async () => (await db().provisioningRequest.count({ where: { status: 'queued' } })) === 0);

    const generalBefore = h.slack.messages(GENERAL).length;
    const callsBefore = h.zoom.calls.length;
    const { res, uploadsBefore } = await exportFor(ADMIN);
    const upload = await h.slack.waitFor(() => h.slack.uploads()[uploadsBefore], {
      timeoutMs: 15_000,
      message: 'no export file',
    });
    // Personal data: to the approver's DM, an ephemeral answer, and nothing in the channel.
    expect(upload.channel_id).toBe(h.slack.dmChannelId(ADMIN));
    expect(upload.filename).toMatch(/^phonebot-phone-users-\d{4}-\d{2}-\d{2}\.csv$/);
    const answer = await h.slack.waitFor(() =>
      h
        .responsesTo(res.responseUrl)
        .map(textOf)
        .find((t) => /Sent you the export in a DM: 5 phone users/.test(t)),
    );
    expect(answer).toMatch(/only your edits as updates/);
    expect(h.slack.messages(GENERAL)).toHaveLength(generalBefore);
    // Paged list calls only: no per-user reads.
    const reads = h.zoom.calls.slice(callsBefore);
    expect(reads.filter((c) => /^\/v2\/phone\/users\/[^/]+$/.test(c.path))).toEqual([]);
    expect(reads.filter((c) => c.path === '/v2/phone/users' && c.method === 'GET')).toHaveLength(1);
    expect(reads.filter((c) => c.method !== 'GET' && c.family !== 'oauth')).toEqual([]);

    const text = upload.content.toString('utf8');
    const lines = text.split('\r\n');
    expect(lines[0]).toBe(
      'Email,Name (not imported),Extension,Calling Plan,Phone Number,Site,Template,Desk Phone (not imported),Call Queues (not imported),Mode',
    );
    expect(lines).toContain(
      'alice@example.com,Alice Anders,1500,US/CA Unlimited Calling Plan,,Main Office,Standard User,,,update',
    );
    expect(lines).toContain(
      "bob@example.com,Bob Brown,1001,US/CA Unlimited Calling Plan,'+14155550199,Main Office,,,,update",
    );
    expect(lines).toContain(
      "mia@example.com,Mia Moss,1002,US/CA Unlimited Calling Plan; Power Pack,'+14155550100; +14155550101,Main Office,,,,update",
    );
    expect(lines).toContain(
      "liam@example.com,Liam Lee,1003,UK/Ireland Metered Calling Plan,'+442079460100,London,,,,update",
    );
    // The formula is written as text (leading apostrophe), not as something Excel would run.
    expect(lines).toContain(`eve@example.com,"'=HYPERLINK(""http://x.example"") Eve",1004,,,Main Office,,,,update`);

    // The admin edits two cells: bob's extension and eve's calling plan (alice@'s template stays as it is).
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    rows.find((r) => r.Email === 'bob@example.com')!.Extension = '1077';
    rows.find((r) => r.Email === 'eve@example.com')!['Calling Plan'] = 'US/CA Metered Calling Plan';
    const header = Object.keys(rows[0]!);
    const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    const edited = [header, ...rows.map((r) => header.map((k) => r[k]!))]
      .map((cells) => cells.map(quote).join(','))
      .join('\r\n');

    const before = zoomPhones();
    const writesBefore = writes().length;
    const file = h.slack.addFile({
      name: 'phone-users-edited.csv',
      content: edited,
      user: ADMIN,
      channel: GENERAL,
      filetype: 'csv',
    });
    await sendEvent(
      h.bot.url,
      SIGNING_SECRET,
      fileSharedEnvelope({ fileId: file.id, userId: ADMIN, channelId: GENERAL }),
    );
    const preview = await h.slack.waitFor(
      () => h.slack.messages(GENERAL).find((m) => textOf(m).includes('CSV import: phone-users-edited.csv')),
      { timeoutMs: 15_000, message: 'no preview' },
    );
    const ptext = textOf(preview);
    expect(ptext).toMatch(/\(update mode\)/);
    expect(ptext).toMatch(/Will update\*\n2/);
    expect(ptext).toMatch(/Unchanged\*\n3/);
    expect(ptext).toMatch(/Errors\*\n0/);
    expect(writes().length).toBe(writesBefore);

    const batch = await db().batch.findFirstOrThrow({ where: { fileId: file.id } });
    const run = buttonsOf(preview).find((b) => b.actionId === 'csv_run')!;
    await click(h, ADMIN, { ...run, channel: GENERAL, messageTs: preview.ts });
    await h.slack.waitFor(
      async () => (await db().batch.findUniqueOrThrow({ where: { id: batch.id } })).status === 'done',
      { timeoutMs: 30_000, message: 'the import did not finish' },
    );

    const after = zoomPhones();
    expect(after).toEqual({
      ...before,
      'bob@example.com': { ...before['bob@example.com'], extension: '1077' },
      'eve@example.com': { ...before['eve@example.com'], plans: [100] },
    });
    const result = h.slack.uploads().find((u) => u.filename === 'phone-users-edited-result.csv')!;
    const outcomes = (parse(result.content.toString('utf8'), { columns: true }) as Record<string, string>[]).map(
      (r) => [r.email, r.outcome],
    );
    expect(outcomes.sort()).toEqual(
      [
        ['alice@example.com', 'unchanged'],
        ['bob@example.com', 'updated'],
        ['eve@example.com', 'updated'],
        ['liam@example.com', 'unchanged'],
        ['mia@example.com', 'unchanged'],
      ].sort(),
    );
  });

  it('exports one site; an unknown site is answered in words and nothing is sent', async () => {
    const { res, uploadsBefore } = await exportFor(ADMIN, 'export site London');
    const upload = await h.slack.waitFor(() => h.slack.uploads()[uploadsBefore], { timeoutMs: 15_000 });
    const lines = upload.content.toString('utf8').trim().split('\r\n');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['liam@example.com']);
    expect(upload.filename).toMatch(/^phonebot-phone-users-london-/);
    await h.slack.waitFor(() =>
      h
        .responsesTo(res.responseUrl)
        .map(textOf)
        .find((t) => /1 phone user of London/.test(t)),
    );

    const count = h.slack.uploads().length;
    const bad = await h.command('export site Atlantis', { user: ADMIN });
    expect(
      await h.slack.waitFor(() =>
        h
          .responsesTo(bad.responseUrl)
          .map(textOf)
          .find((t) => /no site "Atlantis".*sites: Main Office, London/.test(t)),
      ),
    ).toBeTruthy();
    const profile = await h.command('export profile sales', { user: ADMIN });
    expect(
      await h.slack.waitFor(() =>
        h
          .responsesTo(profile.responseUrl)
          .map(textOf)
          .find((t) => /cannot filter by profile yet/.test(t)),
      ),
    ).toBeTruthy();
    expect(h.slack.uploads().length).toBe(count);
  });

  it('is for approvers only', async () => {
    const count = h.slack.uploads().length;
    const res = await h.command('export', { user: REQUESTER });
    expect(
      await h.slack.waitFor(() =>
        h
          .responsesTo(res.responseUrl)
          .map(textOf)
          .find((t) => /Not allowed: only phonebot approvers/.test(t)),
      ),
    ).toBeTruthy();
    expect(h.slack.uploads().length).toBe(count);
  });
});
