// A user who is not in Zoom yet: invited (Pending), phone setup held, finished when they accept — via
// Zoom's signed webhook, or via the activation-sweep job when webhooks are not configured.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activationSweep } from '../../src/domain/activation.js';
import { ADMIN_CHANNEL, GENERAL, type Harness, startHarness, textOf } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

const inChannel = (channel: string, re: RegExp) =>
  h.slack
    .messages(channel)
    .map((m) => textOf(m))
    .find((t) => re.test(t));

describe('/phone add for someone without a Zoom account', () => {
  it('invites them, holds the extension, and finishes when Zoom reports the invitation accepted', async () => {
    await h.command('add newhire@example.com ext 4100 plan 200 number auto');
    const invited = await h.slack.waitFor(() => h.zoom.state.findUser('newhire@example.com'), {
      timeoutMs: 10_000,
      message: 'not invited',
    });
    expect(invited.status).toBe('pending');
    // The admins' card explains the wait with the values held; #general gets one neutral line.
    const waiting = await h.slack.waitFor(() => inChannel(ADMIN_CHANNEL, /waiting for the user to accept/), {
      timeoutMs: 10_000,
      message: 'no waiting message',
    });
    expect(waiting).toMatch(/newhire@example\.com is \*Pending\*/);
    expect(waiting).toMatch(/4100/);
    const line = await h.slack.waitFor(
      () => inChannel(GENERAL, /newhire@example\.com was invited to Zoom; the phone is ready once they accept/),
      { message: 'no neutral line' },
    );
    expect(line).not.toMatch(/4100/);
    expect(invited.zoomPhone).toBe(false);

    // The extension is held: another admin cannot take it meanwhile.
    const clash = await h.command('add alice@example.com ext 4100');
    const refusal = await h.slack.waitFor(
      () =>
        h
          .responsesTo(clash.responseUrl)
          .map(textOf)
          .find((t) => t.includes('Cannot add')),
      { message: 'no refusal' },
    );
    expect(refusal).toMatch(/extension 4100 is held for request #\d+ for newhire@example\.com/);

    await h.zoom.acceptInvitation('newhire@example.com');
    const user = await h.slack.waitFor(
      () => {
        const u = h.zoom.state.findUser('newhire@example.com');
        return u?.phone && h.zoom.state.numbersOf(u.id).length ? u : undefined;
      },
      { timeoutMs: 15_000, message: 'phone not finished after acceptance' },
    );
    expect(user.phone?.extensionNumber).toBe('4100');
    expect(user.phone?.callingPlans).toEqual([200]);
    await h.slack.waitFor(() => inChannel(GENERAL, /is done: newhire@example\.com has Zoom Phone/), {
      timeoutMs: 10_000,
      message: 'no done message',
    });
    await h.slack.waitFor(() => inChannel(ADMIN_CHANNEL, /newhire@example\.com is done[\s\S]*4100/), {
      timeoutMs: 10_000,
      message: 'admins not told',
    });
    const known = await h.bot.services.db.phoneUser.findUnique({ where: { email: 'newhire@example.com' } });
    expect(known).toMatchObject({ state: 'active', extension: '4100', zoomStatus: 'active' });
    // The hold is released once Zoom owns the extension.
    expect(await h.bot.services.db.reservation.count({ where: { value: '4100' } })).toBe(0);
  });

  it('finishes through the activation sweep when no webhook arrives', async () => {
    h.zoom.setWebhook(undefined);
    await h.command('add sweepy@example.com ext 4101');
    await h.slack.waitFor(() => inChannel(GENERAL, /sweepy@example\.com was invited to Zoom/), {
      timeoutMs: 10_000,
      message: 'not waiting',
    });
    const s = h.bot.services;
    const before = await activationSweep({ db: s.db, zoom: s.zoom, listener: s.listener });
    expect(before.stillPending).toContain('sweepy@example.com');
    await h.zoom.acceptInvitation('sweepy@example.com');
    const dry = await activationSweep({ db: s.db, zoom: s.zoom, listener: s.listener }, { dryRun: true });
    expect(dry.activated).toEqual(['sweepy@example.com']);
    expect((await s.db.provisioningRequest.findFirst({ where: { email: 'sweepy@example.com' } }))?.status).toBe(
      'waiting_activation',
    );
    const report = await activationSweep({ db: s.db, zoom: s.zoom, listener: s.listener });
    expect(report.activated).toEqual(['sweepy@example.com']);
    s.worker.kick();
    await h.slack.waitFor(
      () => h.zoom.state.findUser('sweepy@example.com')?.phone?.extensionNumber === '4101' || undefined,
      { timeoutMs: 15_000, message: 'sweep did not finish provisioning' },
    );
  });
});
