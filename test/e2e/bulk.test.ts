// CSV imports end to end: a file_shared event → files.info → download from the Slack fake → dry run →
// preview → Run → batch calls to Zoom → progress edits → result file; with the defects admins hit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSeed, type SeedUser } from '../../src/zoom/emulator/index.js';
import { fileSharedEnvelope, sendEvent } from '../fakes/slack/index.js';
import { eventually, settle } from '../support/eventually.js';
import { ADMIN, GENERAL, OUTSIDER, type Harness, SIGNING_SECRET, startHarness, textOf } from '../support/harness.js';
import { buttonsOf, click } from '../support/slack-actions.js';

const staff: SeedUser[] = Array.from({ length: 12 }, (_, i) => ({
  id: `Staff${String(i).padStart(2, '0')}AAAAAAAAAAAAAAA`,
  email: `staff${i}@example.com`,
  firstName: 'Staff',
  lastName: String(i),
  type: 2,
  status: 'active',
}));

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ zoom: { seed: { ...defaultSeed, users: [...defaultSeed.users, ...staff] } } });
});
afterAll(async () => {
  await h?.stop();
});

const db = () => h.bot.services.db;

async function upload(name: string, content: string | Buffer, opts: { user?: string; title?: string } = {}) {
  const file = h.slack.addFile({
    name,
    content,
    user: opts.user ?? ADMIN,
    channel: GENERAL,
    filetype: 'csv',
    ...(opts.title ? { title: opts.title } : {}),
  });
  const res = await sendEvent(
    h.bot.url,
    SIGNING_SECRET,
    fileSharedEnvelope({ fileId: file.id, userId: opts.user ?? ADMIN, channelId: GENERAL }),
  );
  expect(res.status).toBe(200);
  return file;
}

const channelText = () => h.slack.messages(GENERAL).map((m) => textOf(m));
async function preview(name: string) {
  const msg = await h.slack.waitFor(
    () => h.slack.messages(GENERAL).find((m) => textOf(m).includes(`CSV import: ${name}`)),
    { timeoutMs: 15_000, message: `no preview for ${name}` },
  );
  const batch = await db().batch.findFirstOrThrow({ where: { fileName: name } });
  return { msg, batch, text: textOf(msg) };
}

async function finished(batchId: number) {
  let status = '';
  return eventually(
    async () => {
      const b = await db().batch.findUniqueOrThrow({ where: { id: batchId } });
      status = b.status;
      return b.status === 'done' && b;
    },
    () => `batch ${batchId} to finish (it is ${status})`,
    30_000,
  );
}

function resultRows(fileName: string) {
  const up = h.slack.uploads().find((u) => u.filename === fileName);
  if (!up) return undefined;
  const [header, ...lines] = up.content.toString('utf8').trim().split(/\r\n/);
  const cols = header!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
}

describe('CSV add import', () => {
  it('previews row by row, runs the valid rows with batch calls, edits progress, and uploads a result file', async () => {
    const csv = [
      '\uFEFFEmail Address;First Name;Last Name;Extension Number;Calling Package;Phone Number;Site Name',
      'staff0@example.com;Staff;Zero;4700;US/CA Unlimited;4155550107;Main Office',
      'staff1@example.com;Staff;One;4701;US/CA Unlimited;(415) 555-0108;',
      ' staff2@example.com ;Staff;Two;;US/CA Metered;;',
      'hire1@example.com;New;Hire;4703;;;',
      'staff3@example.com;Staff;Three;1001;US/CA Unlimited;;',
      'staff4@example.com;Staff;Four;4705;US/CA Unlimited;1.4155E+10;',
      'staff0@example.com;Dup;Licate;4706;;;',
      '',
    ].join('\r\n');
    await upload('hires.csv', csv);
    const { msg, batch, text } = await preview('hires.csv');
    expect(text).toMatch(/Will create\*\n4 \(1 to invite to Zoom first\)/);
    expect(text).toMatch(/Errors\*\n3/);
    expect(text).toMatch(/Row 6.*Extension Number.*1001 is already used by bob@example\.com/);
    expect(text).toMatch(/Row 7.*Phone Number.*scientific notation/i);
    expect(text).toMatch(/Row 8.*same as on row 2/);
    expect(text).toMatch(/4155550107.*\+14155550107/);
    expect(buttonsOf(msg).map((b) => b.actionId)).toEqual(['csv_run', 'csv_report', 'csv_cancel']);
    // Nothing changed yet.
    expect(h.zoom.state.findUser('staff0@example.com')?.zoomPhone).toBe(false);
    expect(h.zoom.state.findUser('hire1@example.com')).toBeUndefined();

    const before = h.zoom.calls.length;
    const run = buttonsOf(msg).find((b) => b.actionId === 'csv_run')!;
    await Promise.all([
      click(h, ADMIN, { ...run, channel: GENERAL, messageTs: msg.ts }),
      click(h, ADMIN, { ...run, channel: GENERAL, messageTs: msg.ts }),
    ]);
    await finished(batch.id);

    const s0 = h.zoom.state.findUser('staff0@example.com')!;
    expect(s0.phone).toMatchObject({ extensionNumber: '4700', callingPlans: [200] });
    expect(h.zoom.state.numbersOf(s0.id).map((n) => n.number)).toEqual(['+14155550107']);
    expect(h.zoom.state.findUser('staff1@example.com')!.phone?.extensionNumber).toBe('4701');
    expect(h.zoom.state.findUser('staff2@example.com')!.phone?.callingPlans).toEqual([100]);
    expect(h.zoom.state.findUser('hire1@example.com')?.status).toBe('pending');
    expect(h.zoom.state.findUser('staff3@example.com')?.zoomPhone).toBe(false);
    const runCalls = h.zoom.calls.slice(before);
    expect(runCalls.filter((c) => c.path === '/v2/phone/users/batch' && c.method === 'POST')).toHaveLength(1);
    expect(runCalls.filter((c) => c.method === 'POST' && c.path === '/v2/users')).toHaveLength(1);

    const rows = resultRows('hires-result.csv')!;
    expect(rows.map((r) => [r.row, r.outcome])).toEqual([
      ['2', 'created'],
      ['3', 'created'],
      ['4', 'created'],
      ['5', 'pending-activation'],
      ['6', 'invalid'],
      ['7', 'invalid'],
      ['8', 'invalid'],
    ]);
    await h.slack.waitFor(() => channelText().find((t) => /Import of hires\.csv finished/.test(t)), {
      timeoutMs: 10_000,
      message: 'no summary',
    });
    const progress = h.slack.messages(GENERAL).find((m) => textOf(m).includes('Importing hires.csv'))!;
    expect(progress.history.length).toBeGreaterThanOrEqual(2);
    // Every row of the file is counted: 4 run, 3 skipped (errors).
    expect(textOf(progress)).toMatch(/7 \/ 7 rows/);
    const started = await db().auditLog.count({ where: { batchId: batch.id, action: 'batch.started' } });
    expect(started).toBe(1);
  });

  it('falls back to user-by-user when Zoom refuses a batch, so only the bad row fails', async () => {
    await upload(
      'second.csv',
      [
        'Email,Extension,Calling Plan,Site',
        'staff5@example.com,4710,US/CA Unlimited,Main Office',
        'staff6@example.com,4711,US/CA Unlimited,Main Office',
      ].join('\n'),
    );
    const { msg, batch } = await preview('second.csv');
    // Someone takes 4711 in the portal between the preview and the run.
    await h.bot.services.zoom.updatePhoneUser('bob@example.com', { extensionNumber: '4711' });
    const run = buttonsOf(msg).find((b) => b.actionId === 'csv_run')!;
    await click(h, ADMIN, { ...run, channel: GENERAL, messageTs: msg.ts });
    await finished(batch.id);
    expect(h.zoom.state.findUser('staff5@example.com')!.phone?.extensionNumber).toBe('4710');
    const rows = resultRows('second-result.csv')!;
    expect(rows.map((r) => r.outcome)).toEqual(['created', 'failed']);
    expect(rows[1]!.message).toMatch(/4711/);
  });

  it('update mode: blank leaves a value, "-" removes it', async () => {
    await upload(
      'changes.csv',
      [
        'Email,Extension,Calling Plan,Phone Number',
        'staff0@example.com,4790,,-',
        'staff2@example.com,,-,',
        'staff1@example.com,4701,,',
      ].join('\n'),
      { title: 'update these' },
    );
    const { msg, batch, text } = await preview('changes.csv');
    expect(text).toMatch(/Will update\*\n2/);
    expect(text).toMatch(/Unchanged\*\n1/);
    await click(h, ADMIN, {
      ...buttonsOf(msg).find((b) => b.actionId === 'csv_run')!,
      channel: GENERAL,
      messageTs: msg.ts,
    });
    await finished(batch.id);
    const s0 = h.zoom.state.findUser('staff0@example.com')!;
    expect(s0.phone).toMatchObject({ extensionNumber: '4790', callingPlans: [200] });
    expect(h.zoom.state.numbersOf(s0.id)).toEqual([]);
    expect(h.zoom.state.findUser('staff2@example.com')!.phone?.callingPlans).toEqual([]);
    expect(resultRows('changes-result.csv')!.map((r) => r.outcome)).toEqual(['updated', 'updated', 'unchanged']);
  });
});

describe('files that cannot be used', () => {
  it('a non-approver’s file is not downloaded; they are told politely', async () => {
    const file = await upload('sneaky.csv', 'Email\nx@example.com\n', { user: OUTSIDER });
    await h.slack.waitFor(
      () =>
        h.slack
          .ephemerals(GENERAL)
          .find((e) => e.user === OUTSIDER && /Only phonebot approvers can import/.test(e.text)),
      { timeoutMs: 10_000, message: 'no refusal' },
    );
    expect(h.slack.downloads().filter((d) => d.fileId === file.id)).toHaveLength(0);
    expect(await db().auditLog.count({ where: { actor: OUTSIDER, action: 'authz.refused.csv.upload' } })).toBe(1);
  });

  it('a mangled header gets one clear message and nothing else happens', async () => {
    await upload('broken.csv', 'jane@example.com,4021\nbob@example.com,4022\n');
    const msg = await h.slack.waitFor(() => channelText().find((t) => /Cannot import broken\.csv/.test(t)), {
      timeoutMs: 10_000,
    });
    expect(msg).toMatch(/[Ee]mail/);
    expect(await db().batch.count({ where: { fileName: 'broken.csv' } })).toBe(0);
  });

  it('Slack retrying the event, or two deliveries, give one preview', async () => {
    const file = h.slack.addFile({
      name: 'twice.csv',
      content: 'Email,Extension\nstaff7@example.com,4720\n',
      user: ADMIN,
      channel: GENERAL,
      filetype: 'csv',
    });
    await Promise.all([
      sendEvent(
        h.bot.url,
        SIGNING_SECRET,
        fileSharedEnvelope({ fileId: file.id, userId: ADMIN, channelId: GENERAL, eventId: 'Ev1' }),
      ),
      sendEvent(
        h.bot.url,
        SIGNING_SECRET,
        fileSharedEnvelope({ fileId: file.id, userId: ADMIN, channelId: GENERAL, eventId: 'Ev1' }),
        { retryNum: 1, retryReason: 'http_timeout' },
      ),
    ]);
    await preview('twice.csv');
    await settle(500);
    expect(h.slack.messages(GENERAL).filter((m) => textOf(m).includes('CSV import: twice.csv'))).toHaveLength(1);
  });

  it('a file over the size cap is refused without being read', async () => {
    const big = `Email\n${'a'.repeat(200)}@example.com\n`.repeat(1);
    const file = h.slack.addFile({
      name: 'big.csv',
      content: big,
      user: ADMIN,
      channel: GENERAL,
      filetype: 'csv',
      size: 20 * 1024 * 1024,
    });
    await sendEvent(
      h.bot.url,
      SIGNING_SECRET,
      fileSharedEnvelope({ fileId: file.id, userId: ADMIN, channelId: GENERAL }),
    );
    await h.slack.waitFor(() => channelText().find((t) => /Cannot import big\.csv.*PHONEBOT_CSV_MAX_BYTES/s.test(t)), {
      timeoutMs: 10_000,
    });
    expect(h.slack.downloads().filter((d) => d.fileId === file.id)).toHaveLength(0);
  });

  it.each([
    ['another host', 'https://evil.example/files-pri/T1-F1/download/hosts.csv'],
    [
      'another port of the Slack host',
      () => `http://127.0.0.1:${Number(new URL(h.slack.apiUrl).port) + 1}/files-pri/T1-F1/download/hosts.csv`,
    ],
    ['a plain-http link to a public name', 'http://files.slack.com/files-pri/T1-F1/download/hosts.csv'],
  ] as const)('a download link to %s is refused without fetching it', async (what, link) => {
    const name = `link-${what.replace(/\W+/g, '-')}.csv`;
    const file = h.slack.addFile({
      name,
      content: 'Email\nx@example.com\n',
      user: ADMIN,
      channel: GENERAL,
      filetype: 'csv',
    });
    // files.info answers with what the workspace stores: point the links elsewhere.
    file.url_private = file.url_private_download = typeof link === 'function' ? link() : link;
    await sendEvent(
      h.bot.url,
      SIGNING_SECRET,
      fileSharedEnvelope({ fileId: file.id, userId: ADMIN, channelId: GENERAL }),
    );
    const text = await h.slack.waitFor(() => channelText().find((t) => t.startsWith(`Cannot import ${name}`)), {
      timeoutMs: 10_000,
    });
    expect(text).toMatch(/only fetched from Slack's file host/);
    expect(await db().batch.count({ where: { fileName: name } })).toBe(0);
    expect(await db().auditLog.count({ where: { action: 'batch.refused', target: name } })).toBe(1);
  });

  it('a file larger than the cap is refused even when Slack under-reports its size', async () => {
    const rows = 'someone.with.a.long.address@example.com\n'.repeat(Math.ceil((10 * 1024 * 1024) / 40) + 100);
    const file = h.slack.addFile({
      name: 'liar.csv',
      content: `Email\n${rows}`,
      user: ADMIN,
      channel: GENERAL,
      filetype: 'csv',
      size: 1_000,
    });
    await sendEvent(
      h.bot.url,
      SIGNING_SECRET,
      fileSharedEnvelope({ fileId: file.id, userId: ADMIN, channelId: GENERAL }),
    );
    const text = await h.slack.waitFor(() => channelText().find((t) => t.startsWith('Cannot import liar.csv')), {
      timeoutMs: 15_000,
    });
    expect(text).toMatch(/limit is 10485760|larger than 10485760/);
    expect(await db().batch.count({ where: { fileName: 'liar.csv' } })).toBe(0);
  });
});
