// Issue 14, points 2, 5, 8, 9 and 10, over what the Slack fake recorded: the channel, the audience
// (ephemeral reply, channel message, modal), the blocks and the `text` fallback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeJob } from '../../src/jobs/purge.js';
import { runJob } from '../../src/jobs/scheduler.js';
import { fileSharedEnvelope, sendEvent } from '../fakes/slack/index.js';
import {
  ADMIN,
  ADMIN_CHANNEL,
  GENERAL,
  REQUESTER,
  SIGNING_SECRET,
  type Harness,
  startHarness,
  textOf,
} from '../support/harness.js';
import { eventually, flows } from '../support/flows.js';
import { buttonsOf, click, findMessage } from '../support/slack-actions.js';

let h: Harness;
let f: ReturnType<typeof flows>;
beforeAll(async () => {
  h = await startHarness();
  f = flows(h);
});
afterAll(async () => {
  await h?.stop();
});

/** The final reply to a command: its payload as posted to response_url (ephemeral unless it says otherwise). */
async function replyOf(text: string, user = ADMIN) {
  const res = await h.command(text, { user, channel: GENERAL });
  return eventually(
    () => h.responsesTo(res.responseUrl).find((b) => !/^⏳/.test((b as { text?: string }).text ?? '')),
    `a reply to /phone ${text}`,
  ) as Promise<{ text: string; blocks?: unknown[]; response_type?: string }>;
}

/** Link buttons (url) of a message. */
function linksOf(message: { blocks?: unknown }): { text: string; url: string }[] {
  const out: { text: string; url: string }[] = [];
  for (const b of (message.blocks ?? []) as {
    type: string;
    elements?: { type: string; url?: string; text?: { text: string } }[];
  }[]) {
    if (b.type === 'actions')
      for (const e of b.elements ?? []) if (e.url) out.push({ text: e.text?.text ?? '', url: e.url });
  }
  return out;
}

describe('point 2: every token of a command is checked in one pass', () => {
  it('a bad e-mail, a taken extension and a bad number are all reported, each quoting the value back', async () => {
    const reply = await replyOf('add not-an-email ext 1001 number 555-CALL-NOW plan 200');
    expect(reply.response_type).toBe('ephemeral');
    const body = textOf(reply);
    expect(body).toMatch(/Email "not-an-email" is not an email address/);
    expect(body).toMatch(/Extension 1001 is already used by bob@example\.com in Zoom/);
    expect(body).toMatch(/Number "555-CALL-NOW" is not (a valid )?(a )?phone number/);
    expect(body).toMatch(/Nothing was changed/);
    // The notification says all three too.
    expect(reply.text).toMatch(/not-an-email[\s\S]*1001[\s\S]*555-CALL-NOW/);
    // Nothing was stored.
    expect(await h.bot.services.db.provisioningRequest.count({ where: { email: 'not-an-email' } })).toBe(0);
  });

  it('quotes the value for a bad extension in the grammar too', async () => {
    const reply = await replyOf('add someone@example.com ext 12ab');
    expect(textOf(reply)).toMatch(/Extension "12ab" must be digits only/);
  });
});

describe('point 10: help that teaches', () => {
  it('one line per command with its purpose and an example; request vs requests explained; < > & escaped', async () => {
    const reply = await replyOf('help');
    expect(reply.response_type).toBe('ephemeral');
    const body = textOf(reply);
    for (const cmd of [
      'add',
      'request',
      'requests',
      'cancel',
      'status',
      'remove',
      'restore',
      'trash',
      'audit',
      'drift',
      'csv template',
    ]) {
      expect(body).toMatch(new RegExp(`/phone ${cmd}\\b[^\\n]*— [^\\n]+\\n\\s+e\\.g\\. \`/phone ${cmd}`));
    }
    expect(body).toMatch(/\/phone requests[^\n]*lists[^\n]*\/phone request asks/);
    // Usage placeholders are escaped: nothing Slack would read as a link or a mention.
    expect(body).toContain('&lt;email&gt;');
    expect(body).toContain('[plan &lt;name|code&gt;]');
    expect(body.replace(/<@[UW][A-Z0-9]+>|<!date\^[^>]+>/g, '')).not.toMatch(/<[^>]*>/);
    expect(reply.text).toMatch(/^phonebot help: \/phone add, \/phone profiles, \/phone request, \/phone requests/);
  });

  it('an unknown subcommand suggests the closest one', async () => {
    const reply = await replyOf('stauts erin@example.com');
    expect(textOf(reply)).toMatch(
      /Unknown command "stauts"\. Did you mean \/phone status\? \(\/phone status &lt;email&gt;\)/,
    );
    expect(reply.text).toMatch(/Did you mean \/phone status\?/);
    const far = await replyOf('frobnicate');
    expect(textOf(far)).toMatch(/Unknown command "frobnicate"\. \/phone help lists them all/);
  });
});

describe('points 5 and 9: names not ids, who set the user up, shortcuts on user cards', () => {
  it('status shows plan and site names, "on", who set the user up and under which request, and Open in Zoom', async () => {
    await h.bot.services.zoom.createUser({ email: 'named@example.com' });
    await h.zoom.portal.acceptInvitation('named@example.com', { webhook: false });
    await f.replyTo('add named@example.com ext 4901 plan 200 site "Main Office"');
    const add = await f.settled('named@example.com', 'add');
    expect(add.status).toBe('done');

    const reply = await replyOf('status named@example.com');
    expect(reply.response_type).toBe('ephemeral');
    const body = textOf(reply);
    expect(body).toMatch(/\*Calling plan\*\nUS\/CA Unlimited/);
    expect(body).not.toMatch(/Calling plans?\*\n200\b/);
    expect(body).toMatch(/\*Site\*\nMain Office/);
    expect(body).toMatch(/\*Zoom Phone\*\non\b/);
    expect(body).not.toMatch(/\(activate\)|site_/);
    expect(body).toMatch(
      new RegExp(`Set up by phonebot under request #${add.id}: requested by <@${ADMIN}> · done <!date\\^\\d+\\^`),
    );
    expect(reply.text).toMatch(new RegExp(`set up under request #${add.id} requested by <@${ADMIN}>`));
    const zoomId = h.zoom.state.findUser('named@example.com')!.id;
    expect(linksOf(reply)).toEqual([
      { text: 'Open in Zoom', url: `https://zoom.us/pbx/page/telephone/user#/user/${zoomId}/profile` },
    ]);
    // The admin card of the add has the same link.
    const card = findMessage(h, ADMIN_CHANNEL, new RegExp(`Request #${add.id}\\b`))!;
    expect(linksOf(card)).toEqual([
      { text: 'Open in Zoom', url: `https://zoom.us/pbx/page/telephone/user#/user/${zoomId}/profile` },
    ]);
  });

  it('remove: the modal ends with the outcome, the card names the plan and site and offers Restore and Open in Zoom', async () => {
    const modal = await f.confirmed('remove named@example.com');
    expect(modal).toMatch(/named@example\.com/);
    const removal = await f.settled('named@example.com', 'remove');
    expect(removal.status).toBe('done');
    // No leftover "Result" modal: the confirm modal now says how the request ended.
    const view = await eventually(
      () =>
        h.slack
          .views()
          .filter((v) => (v.view as { callback_id?: string }).callback_id === 'phonebot_info' && v.user === ADMIN)
          .map((v) => v.view as { title?: { text: string } })
          .find((v) => v.title?.text === 'Done' && textOf(v).includes(`Request #${removal.id} is done`)),
      'the outcome in the modal',
    );
    expect(textOf(view)).toMatch(
      /Zoom Phone removed from named@example\.com\. Restorable with `\/phone restore named@example\.com` until <!date\^/,
    );
    expect(h.slack.views().some((v) => (v.view as { title?: { text: string } }).title?.text === 'Result')).toBe(false);

    const card = await eventually(
      () => findMessage(h, ADMIN_CHANNEL, new RegExp(`Request #${removal.id}\\b[\\s\\S]*is done`)),
      'the removal card',
    );
    const body = textOf(card);
    expect(body).toMatch(/Kept for restore: Calling plan: US\/CA Unlimited/);
    expect(body).toMatch(/Kept for restore: Site: Main Office/);
    expect(body).not.toMatch(/Calling plans?: 200\b/);
    expect(buttonsOf(card).filter((b) => b.actionId === 'user_restore')).toEqual([
      expect.objectContaining({ value: 'named@example.com' }),
    ]);
    expect(linksOf(card).map((l) => l.text)).toEqual(['Open in Zoom']);
    // The channel the command was typed in still hears nothing of the removal.
    expect(
      h.slack.messages(GENERAL).filter((m) => textOf(m).includes('named@example.com') && /remov/i.test(textOf(m))),
    ).toEqual([]);

    // The card's Restore button works (and checks who clicked: the requester may not).
    const refused = await click(h, REQUESTER, {
      actionId: 'user_restore',
      value: 'named@example.com',
      channel: ADMIN_CHANNEL,
      messageTs: card.ts,
    });
    expect(refused.status).toBe(200);
    await eventually(
      () =>
        h
          .responsesTo(refused.responseUrl)
          .map(textOf)
          .find((t) => /Not allowed/.test(t)),
      'the refusal',
    );
    expect(
      await h.bot.services.db.provisioningRequest.count({ where: { email: 'named@example.com', kind: 'restore' } }),
    ).toBe(0);
  });

  it('the purge notice has a Restore button per user and an escaped /phone restore <email>', async () => {
    await runJob(h.bot.services, purgeJob, { now: new Date(Date.now() + 29.5 * 86_400_000) });
    const notice = await eventually(
      () => findMessage(h, ADMIN_CHANNEL, /Purge in the next 24 hours[\s\S]*named@example\.com/),
      'the purge notice',
    );
    expect(textOf(notice)).toContain('`/phone restore &lt;email&gt;`');
    expect(buttonsOf(notice)).toEqual(
      expect.arrayContaining([expect.objectContaining({ actionId: 'user_restore', value: 'named@example.com' })]),
    );
    expect(notice.text).toMatch(/will be deleted from Zoom for good in the next 24 hours: [^]*named@example\.com/);
  });
});

describe('point 8: the CSV run’s end state', () => {
  it('the parent ends Finished with counts, keeps its errors, progress counts every row, the dialog says Keep running', async () => {
    const csv = [
      'Email,Extension',
      'csv-a@example.com,4951',
      'csv-b@example.com,4952',
      'not-an-email,4953',
      'csv-c@example.com,1001',
      '',
    ].join('\r\n');
    const file = h.slack.addFile({ name: 'end.csv', content: csv, user: ADMIN, channel: GENERAL, filetype: 'csv' });
    await sendEvent(
      h.bot.url,
      SIGNING_SECRET,
      fileSharedEnvelope({ fileId: file.id, userId: ADMIN, channelId: GENERAL }),
    );
    const preview = await eventually(
      () => h.slack.messages(GENERAL).find((m) => textOf(m).includes('CSV import: end.csv')),
      'the preview',
    );
    expect(textOf(preview)).toMatch(/First errors:[\s\S]*Row 4[\s\S]*Row 5/);
    const run = buttonsOf(preview).find((b) => b.actionId === 'csv_run')!;
    await click(h, ADMIN, { actionId: run.actionId, value: run.value, channel: GENERAL, messageTs: preview.ts });
    const batch = await eventually(
      async () => {
        const b = await h.bot.services.db.batch.findFirst({ where: { fileName: 'end.csv' } });
        return b?.status === 'done' ? b : undefined;
      },
      'the import to finish',
      30_000,
    );

    // The parent (the preview, edited): finished with the counts, errors still there, the report a click away.
    const parent = await eventually(() => {
      const m = h.slack.messages(GENERAL).find((x) => x.ts === preview.ts);
      return m && /Finished:/.test(textOf(m)) ? m : undefined;
    }, 'the parent at its end state');
    expect(textOf(parent)).toMatch(/Finished: 0 created, 2 invited, 2 skipped — result file in this thread/);
    expect(parent.text).toMatch(/CSV import end\.csv: Finished: 0 created, 2 invited, 2 skipped/);
    expect(textOf(parent)).toMatch(/First errors:[\s\S]*Row 4[\s\S]*not-an-email/);
    expect(buttonsOf(parent).map((b) => b.actionId)).toEqual(['csv_report']);
    for (const v of parent.history) expect(textOf(v)).not.toMatch(/progress below/);

    // Progress counts every row of the file, the skipped ones included, and ends without an ETA.
    const progress = await eventually(
      () => h.slack.messages(GENERAL).find((m) => /Imported end\.csv/.test(textOf(m))),
      'the final progress',
    );
    const last = textOf({ text: progress.text, blocks: progress.blocks });
    expect(last).toMatch(/4 \/ 4 rows/);
    expect(last).toMatch(/2 skipped · finished/);
    expect(last).not.toMatch(/ETA/);
    // While it ran, the cancel dialog read "Cancel import" / "Keep running".
    const running = progress.history.map((v) => JSON.stringify(v.blocks ?? [])).find((b) => b.includes('csv_cancel'));
    // (the watcher posts progress before it finishes an import, so a running version always exists)
    expect(running).toMatch(/"confirm":\{[^{}]*"text":"Cancel import"[^{}]*\}/);
    expect(running).toMatch(/"deny":\{[^{}]*"text":"Keep running"[^{}]*\}/);

    // The summary comes after the result file and says so.
    const summary = await eventually(
      () => h.slack.messages(GENERAL).find((m) => /Import of end\.csv finished/.test(textOf(m))),
      'the summary',
    );
    expect(textOf(summary)).toMatch(/just above this message/);
    expect(textOf(summary)).not.toMatch(/attached below/);
    expect(summary.text).toMatch(/finished: 0 created, 2 invited, 2 skipped/);
    const upload = h.slack.uploads().find((u) => u.filename === 'end-result.csv');
    expect(upload).toBeDefined();
    expect(batch.resultFileId).toBeTruthy();
  });
});
