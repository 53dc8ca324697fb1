// Zoom is the truth, CSV imports (issue 10, situations 4, 11 and 12): every extension of a file is unique
// across the file, Zoom and phonebot's holds, and no file can freeze an import; downloads that fail are
// reported to the uploader with what to do, and the file can be shared again; the result file accounts
// for every row of the file exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBatch, storePreview } from '../../src/domain/bulk/batches.js';
import type { RowPlan } from '../../src/domain/bulk/live-check.js';
import { defaultSeed, type SeedUser } from '../../src/zoom/emulator/index.js';
import { type DownloadFault, fileSharedEnvelope, sendEvent } from '../fakes/slack/index.js';
import { ADMIN, GENERAL, OUTSIDER, type Harness, SIGNING_SECRET, startHarness, textOf } from '../support/harness.js';
import { eventually, flows } from '../support/flows.js';
import { buttonsOf, click } from '../support/slack-actions.js';

const staff: SeedUser[] = Array.from({ length: 30 }, (_, i) => ({
  id: `Staff${String(i).padStart(2, '0')}AAAAAAAAAAAAAAA`,
  email: `staff${i}@example.com`,
  firstName: 'Staff',
  lastName: String(i),
  type: 2,
  status: 'active',
}));
const staffId = (i: number) => staff[i]!.id;

let h: Harness;
let f: ReturnType<typeof flows>;
beforeAll(async () => {
  h = await startHarness({
    zoom: { seed: { ...defaultSeed, users: [...defaultSeed.users, ...staff] } },
    env: { PHONEBOT_CSV_DOWNLOAD_TIMEOUT_MS: '1500' },
  });
  f = flows(h);
});
afterAll(async () => {
  await h?.stop();
});

const db = () => h.bot.services.db;
const channelText = () => h.slack.messages(GENERAL).map((m) => textOf(m));

function addFile(name: string, content: string, opts: { user?: string; title?: string } = {}) {
  return h.slack.addFile({
    name,
    content,
    user: opts.user ?? ADMIN,
    channel: GENERAL,
    filetype: 'csv',
    ...(opts.title ? { title: opts.title } : {}),
  });
}

async function share(fileId: string, user = ADMIN) {
  const res = await sendEvent(
    h.bot.url,
    SIGNING_SECRET,
    fileSharedEnvelope({ fileId, userId: user, channelId: GENERAL }),
  );
  expect(res.status).toBe(200);
}

async function preview(name: string) {
  const msg = await h.slack.waitFor(
    () => h.slack.messages(GENERAL).find((m) => textOf(m).includes(`CSV import: ${name}`)),
    { timeoutMs: 15_000, message: `no preview for ${name}` },
  );
  const batch = await db().batch.findFirstOrThrow({ where: { fileName: name } });
  return { msg, batch, text: textOf(msg) };
}

async function run(name: string) {
  const p = await preview(name);
  const runButton = buttonsOf(p.msg).find((b) => b.actionId === 'csv_run');
  expect(runButton, `a Run button on the preview of ${name}`).toBeDefined();
  await click(h, ADMIN, { ...runButton!, channel: GENERAL, messageTs: p.msg.ts });
  return p;
}

/** The import finishes (it does not stay running for ever). */
async function finished(batchId: number) {
  return eventually(
    async () => {
      const b = await db().batch.findUniqueOrThrow({ where: { id: batchId } });
      return b.status === 'done' ? b : undefined;
    },
    `import #${batchId} to finish`,
    20_000,
  );
}

/** The result file's lines, parsed (quoted cells with commas included). */
function resultRows(fileName: string): Record<string, string>[] {
  const up = h.slack.uploads().find((u) => u.filename === fileName);
  if (!up) throw new Error(`no result file ${fileName}`);
  const parse = (line: string) =>
    [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)]
      .slice(0, -1)
      .map((m) => m[1]!.replace(/^"|"$/g, '').replaceAll('""', '"'));
  const [header, ...lines] = up.content.toString('utf8').trim().split(/\r\n/);
  const cols = parse(header!);
  return lines.map((l) => Object.fromEntries(parse(l).map((v, i) => [cols[i], v])));
}

describe('situation 4: extensions in a CSV', () => {
  it('plans explicit extensions first: an auto row never takes what a later row, Zoom or a hold has', async () => {
    // A hold: an invited user's request keeps 2001 while it waits for activation.
    await f.replyTo('add newhire@example.com ext 2001');
    expect((await f.settled('newhire@example.com', 'add')).status).toBe('waiting_activation');
    // Zoom: someone is given 2003 in the portal.
    h.zoom.portal.setExtension('bob@example.com', '2003');

    const file = addFile(
      'exts.csv',
      [
        'Email,Extension,Calling Plan',
        'staff0@example.com,,US/CA Unlimited',
        'staff1@example.com,2000,US/CA Unlimited',
        'staff2@example.com,,US/CA Unlimited',
        'staff3@example.com,2002,US/CA Unlimited',
      ].join('\n'),
    );
    await share(file.id);
    const { batch, text } = await run('exts.csv');
    expect(text).toMatch(/Will create\*\n4/);
    await finished(batch.id);

    const ext = (i: number) => h.zoom.state.findUser(`staff${i}@example.com`)?.phone?.extensionNumber;
    expect([ext(0), ext(1), ext(2), ext(3)]).toEqual(['2004', '2000', '2005', '2002']);
    expect(h.zoom.state.findUser('bob@example.com')?.phone?.extensionNumber).toBe('2003');
    const rows = resultRows('exts-result.csv');
    expect(rows.map((r) => [r.row, r.outcome])).toEqual([
      ['2', 'created'],
      ['3', 'created'],
      ['4', 'created'],
      ['5', 'created'],
    ]);
    expect(rows[0]!.notes).toMatch(/extension 2004 \(next free\)/);
  });

  it('an auto extension taken after the dry run (another file ran first) becomes the next free one', async () => {
    // Two files checked before either runs pick the same next free extension.
    const a = addFile('first.csv', ['Email,Extension', 'invitee@example.com,'].join('\n'));
    const b = addFile(
      'second.csv',
      ['Email,Extension,Calling Plan', 'staff14@example.com,,US/CA Unlimited'].join('\n'),
    );
    await share(a.id);
    await share(b.id);
    const pa = await preview('first.csv');
    const pb = await preview('second.csv');
    const picked = (batchId: number) =>
      db()
        .batchRow.findFirstOrThrow({ where: { batchId } })
        .then((r) => (r.normalized as { desired: { extension: string } }).desired.extension);
    const same = await picked(pa.batch.id);
    expect(await picked(pb.batch.id)).toBe(same);
    // The first runs: its invitee keeps the extension while the invitation is pending.
    await run('first.csv');
    await finished(pa.batch.id);
    await run('second.csv');
    await finished(pb.batch.id);
    const got = h.zoom.state.findUser('staff14@example.com')?.phone?.extensionNumber;
    expect(got).toBeDefined();
    expect(got).not.toBe(same);
    const [row] = resultRows('second-result.csv');
    expect(row, JSON.stringify(row)).toMatchObject({ outcome: 'created' });
    expect(row!.notes).toContain(`extension ${got} instead: ${same} was taken after the dry run`);
  });

  it('a chunk that cannot be queued fails its rows with the reason, and the import goes on and finishes', async () => {
    // A preview stored before this check existed (or by an older phonebot) can hold rows that want the same
    // extension, and rows phonebot cannot queue at all; the import must still finish.
    const plan = { type: 200, name: 'US/CA Unlimited Calling Plan' };
    const addRow = (row: number, i: number, extension: string): RowPlan => ({
      row,
      mode: 'add',
      email: `staff${i}@example.com`,
      action: 'create',
      errors: [],
      fixes: [],
      notes: [],
      desired: { email: `staff${i}@example.com`, extension, extensionAuto: false, plan },
      zoomUser: { id: staffId(i), status: 'active' },
      batchable: false,
    });
    const rows: RowPlan[] = [
      addRow(2, 4, '2100'),
      addRow(3, 5, '2100'),
      // An update row without an address: nothing can be queued for it.
      { row: 4, mode: 'update', action: 'update', errors: [], fixes: [], notes: [], desired: { extension: '2199' } },
      addRow(5, 6, '2101'),
    ];
    const summary = {
      counts: { create: 3, update: 1, unchanged: 0, error: 0, fixes: 0, invites: 0 },
      fileProblems: [],
      rowCount: 4,
      columns: ['Email', 'Extension', 'Calling Plan'],
      ignoredColumns: [],
    };
    const { batch } = await storePreview(db(), {
      fileId: 'FSTALE001',
      fileName: 'stale.csv',
      mode: 'add',
      uploadedBy: ADMIN,
      channelId: GENERAL,
      summary,
      rows,
      raw: new Map(),
    });
    expect((await startBatch(h.bot.services, batch.id, ADMIN)).ok).toBe(true);
    await finished(batch.id);

    expect(h.zoom.state.findUser('staff4@example.com')?.phone?.extensionNumber).toBe('2100');
    expect(h.zoom.state.findUser('staff5@example.com')?.zoomPhone).toBe(false);
    expect(h.zoom.state.findUser('staff6@example.com')?.phone?.extensionNumber).toBe('2101');
    const result = resultRows('stale-result.csv');
    expect(result.map((r) => [r.row, r.outcome])).toEqual([
      ['2', 'created'],
      ['3', 'failed'],
      ['4', 'failed'],
      ['5', 'created'],
    ]);
    expect(result[1]!.message).toMatch(/extension 2100 is held by row 2 of import #\d+ \(staff4@example\.com\)/);
    expect(result[2]!.message).toMatch(/could not be queued/);
    const summaryText = await eventually(
      () => channelText().find((t) => /Import of stale\.csv finished/.test(t)),
      'the summary of stale.csv',
    );
    expect(summaryText).toMatch(/created: 2/);
    expect(summaryText).toMatch(/failed: 2/);
    // Both failures are in the audit log: the row that could not be queued, and the request that was blocked.
    expect(await db().auditLog.count({ where: { batchId: batch.id, action: 'batch.row.failed' } })).toBe(1);
    const blocked = await db().auditLog.findFirstOrThrow({
      where: { batchId: batch.id, action: 'request.fail', target: 'staff5@example.com' },
    });
    expect(blocked.detail).toMatchObject({ error: expect.stringMatching(/extension 2100 is held by row 2/) });
  });

  it('an import whose result file Slack refuses still finishes; the summary lists the rows that need attention', async () => {
    h.slack.injectFault({
      method: 'files.completeUploadExternal',
      kind: 'error',
      error: 'restricted_action',
      times: Number.POSITIVE_INFINITY,
    });
    try {
      const file = addFile(
        'nofile.csv',
        [
          'Email,Extension,Calling Plan',
          'staff7@example.com,2110,US/CA Unlimited',
          'staff8@example.com,2111,No Such Plan',
        ].join('\n'),
      );
      await share(file.id);
      const { batch } = await run('nofile.csv');
      const done = await finished(batch.id);
      expect(done.resultFileId).not.toBeNull();
      const summary = await eventually(
        () => channelText().find((t) => /Import of nofile\.csv finished/.test(t)),
        'the summary of nofile.csv',
      );
      expect(summary).toMatch(/Slack refused the result file \(restricted_action\)/);
      expect(summary).toMatch(/Row 3 \(staff8@example\.com\): invalid/);
      expect(summary).not.toMatch(/Row 2/);
      const audit = await db().auditLog.findFirstOrThrow({ where: { batchId: batch.id, action: 'batch.finished' } });
      expect(audit.detail).toMatchObject({
        resultFileId: null,
        resultProblem: 'Slack refused the result file (restricted_action)',
      });
    } finally {
      h.slack.clearFaults();
    }
    expect(h.zoom.state.findUser('staff7@example.com')?.phone?.extensionNumber).toBe('2110');
  });
});

describe('situation 11: CSV downloads that fail', () => {
  const cases: [string, DownloadFault['kind'], RegExp][] = [
    ['the connection drops', 'network', /download from Slack failed/],
    ['the download times out', 'timeout', /did not send the whole file within 2 s/],
    ['Slack sends its login page', 'login-page', /login page instead of the file/],
  ];
  it.each(cases)(
    '%s: the uploader is told what to do, and sharing the same file again works',
    async (_what, kind, reason) => {
      const name = `fails-${kind}.csv`;
      const file = addFile(name, `Email,Extension\nstaff${10 + cases.findIndex((c) => c[1] === kind)}@example.com,\n`);
      h.slack.failDownloads({ kind, fileId: file.id });
      await share(file.id);
      const told = await eventually(
        () => channelText().find((t) => t.includes(`Cannot import ${name}`)),
        `a message about ${name}`,
      );
      expect(told).toMatch(reason);
      expect(told).toContain(`<@${ADMIN}>`);
      expect(told).toMatch(kind === 'login-page' ? /files:read/ : /Share the same file again/);
      expect(await db().batch.count({ where: { fileName: name } })).toBe(0);
      expect(await db().auditLog.count({ where: { action: 'batch.refused', target: name } })).toBe(1);

      // Shared again once Slack behaves: a preview, not silence.
      await share(file.id);
      await preview(name);
      expect(
        h.slack
          .downloads()
          .filter((d) => d.fileId === file.id)
          .map((d) => d.fault ?? 'ok'),
      ).toEqual([kind, 'ok']);
    },
  );

  it('an approver can share a file a non-approver shared before', async () => {
    const file = addFile('from-rita.csv', 'Email,Extension\nstaff13@example.com,\n', { user: OUTSIDER });
    await share(file.id, OUTSIDER);
    await h.slack.waitFor(
      () =>
        h.slack
          .ephemerals(GENERAL)
          .find((e) => e.user === OUTSIDER && /Only phonebot approvers can import/.test(e.text)),
      { timeoutMs: 10_000, message: 'no refusal' },
    );
    expect(h.slack.downloads().filter((d) => d.fileId === file.id)).toHaveLength(0);

    await share(file.id, ADMIN);
    const { text } = await preview('from-rita.csv');
    expect(text).toContain(`from <@${ADMIN}>`);
    // A third share of the previewed file points at the import instead of starting another.
    await share(file.id, ADMIN);
    const again = await eventually(
      () => channelText().find((t) => /from-rita\.csv was already checked as import #\d+/.test(t)),
      'the pointer to the import',
    );
    expect(again).toMatch(/previewed/);
    expect(await db().batch.count({ where: { fileName: 'from-rita.csv' } })).toBe(1);
  });
});

describe('situation 12: every row in the result file', () => {
  it('in update mode a row that asks for no change ends as unchanged', async () => {
    await f.replyTo('add staff20@example.com ext 2520 plan 200');
    await f.replyTo('add staff21@example.com ext 2521 plan 200');
    expect((await f.settled('staff21@example.com', 'add')).status).toBe('done');
    const file = addFile(
      'same.csv',
      [
        'Email,Extension,Calling Plan',
        'staff20@example.com,,',
        'staff21@example.com,2521,',
        'bob@example.com,2530,',
      ].join('\n'),
      { title: 'update' },
    );
    await share(file.id);
    const { batch, text } = await run('same.csv');
    expect(text).toMatch(/Unchanged\*\n2/);
    expect(text).toMatch(/Errors\*\n0/);
    await finished(batch.id);
    expect(resultRows('same-result.csv').map((r) => [r.row, r.email, r.outcome])).toEqual([
      ['2', 'staff20@example.com', 'unchanged'],
      ['3', 'staff21@example.com', 'unchanged'],
      ['4', 'bob@example.com', 'updated'],
    ]);
    expect(h.zoom.state.findUser('bob@example.com')?.phone?.extensionNumber).toBe('2530');
  });

  it('every row of the file appears exactly once with its outcome, and the summary counts the same outcomes', async () => {
    const csv = [
      'Email,Extension,Calling Plan,Mode',
      'staff22@example.com,2540,US/CA Unlimited,',
      'staff23@example.com,12,,',
      '',
      'staff22@example.com,2541,,',
      'staff20@example.com,,,update',
      'staff24@example.com,2542,US/CA Unlimited,',
      'staff21@example.com,2543,,update',
      'staff25@example.com,,,sideways',
    ].join('\n');
    const file = addFile('mixed.csv', csv);
    await share(file.id);
    const p = await preview('mixed.csv');
    // Between the dry run and the run an approver gives 2542 to someone else.
    await f.replyTo('add staff26@example.com ext 2542 plan 200');
    await run('mixed.csv');
    await finished(p.batch.id);

    const rows = resultRows('mixed-result.csv');
    expect(rows.map((r) => Number(r.row))).toEqual([2, 3, 5, 6, 7, 8, 9]);
    expect(rows.map((r) => r.outcome)).toEqual([
      'created',
      'invalid',
      'invalid',
      'unchanged',
      'failed',
      'updated',
      'invalid',
    ]);
    // Taken by a request that may still hold it, or already in Zoom: either way the row says so.
    expect(rows.find((r) => r.row === '7')!.message).toMatch(/2542/);
    const summary = await eventually(
      () => channelText().find((t) => /Import of mixed\.csv finished/.test(t)),
      'the summary of mixed.csv',
    );
    const counted = new Map<string, number>();
    for (const r of rows) counted.set(r.outcome!, (counted.get(r.outcome!) ?? 0) + 1);
    for (const [outcome, n] of counted) expect(summary).toContain(`${outcome}: ${n}`);
    // The notification: the end state in words, then the result file's outcomes counted in brackets.
    const first = summary.split('\n')[0]!;
    expect(first).toMatch(/finished: 2 created, 0 invited, 4 skipped, 1 failed \(/);
    const inSummary = [...(/\(([^)]*)\)/.exec(first)?.[1] ?? '').matchAll(/: (\d+)/g)].reduce(
      (n, m) => n + Number(m[1]),
      0,
    );
    expect(inSummary).toBe(rows.length);
  });
});
