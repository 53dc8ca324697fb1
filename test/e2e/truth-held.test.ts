// Zoom is the truth, situation 6: a value phonebot holds — for a removed user, or chosen for a pending
// hire — is given to someone else in the Zoom portal or by SCIM. phonebot never writes it over that person,
// never lets the stale hold block their changes, and says what it found: the restore goes on without the
// value, an automatic choice moves to the next free one, an explicit one fails with what to do — each
// adoption audited as drift.adopted and told to the admins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_CHANNEL, type Harness, startHarness, textOf } from '../support/harness.js';
import { eventually, flows } from '../support/flows.js';

let h: Harness;
let f: ReturnType<typeof flows>;
beforeAll(async () => {
  h = await startHarness();
  f = flows(h);
});
afterAll(async () => {
  await h?.stop();
});

/** An active Zoom user given Zoom Phone by phonebot, then removed (soft delete): their values are held. */
async function addAndRemove(email: string, ext: string): Promise<{ number: string }> {
  await h.bot.services.zoom.createUser({ email });
  await h.zoom.portal.acceptInvitation(email, { webhook: false });
  await f.replyTo(`add ${email} ext ${ext} plan 200 number auto`);
  expect((await f.settled(email, 'add')).status).toBe('done');
  const number = f.zoomPhoneState(email)!.numbers[0]!;
  await f.confirmed(`remove ${email}`);
  expect((await f.settled(email, 'remove')).status).toBe('done');
  expect(await f.db().reservation.count({ where: { value: { in: [ext, number] } } })).toBe(2);
  return { number };
}

/** Zoom writes phonebot made (from call number `from` on) that would put `value` on the Zoom user `zoomUserId`. */
function writesOf(zoomUserId: string, value: string, from = 0) {
  return h.zoom.calls
    .slice(from)
    .filter(
      (c) =>
        (c.method === 'PATCH' &&
          c.path.endsWith(`/phone/users/${zoomUserId}`) &&
          (c.body as { extension_number?: string } | undefined)?.extension_number === value) ||
        (c.method === 'POST' &&
          c.path.endsWith(`/phone/users/${zoomUserId}/phone_numbers`) &&
          JSON.stringify(c.body).includes(value)),
    );
}

const messagesIn = (channel: string) => h.slack.messages(channel).map(textOf);

describe('a held value taken outside phonebot', () => {
  it('restore says the extension and number now belong to someone else, restores without them and releases the holds', async () => {
    const { number } = await addAndRemove('ann@example.com', '4701');
    // SCIM gives ann's extension to bob, an admin gives him her number in the portal.
    h.zoom.portal.setExtension('bob@example.com', '4701');
    h.zoom.portal.assignNumber('bob@example.com', number);
    const annId = h.zoom.state.findUser('ann@example.com')!.id;
    const from = h.zoom.calls.length;

    await f.replyTo('restore ann@example.com');
    const restored = await f.settled('ann@example.com', 'restore');
    expect(restored.status).toBe('done');

    // bob keeps both; ann is back with her plan and the extension Zoom gave her.
    expect(f.zoomPhoneState('bob@example.com')).toMatchObject({ status: 'active', extension: '4701' });
    expect(f.zoomPhoneState('bob@example.com')!.numbers).toContain(number);
    const ann = f.zoomPhoneState('ann@example.com')!;
    expect(ann).toMatchObject({ status: 'active', plans: [200], numbers: [] });
    expect(ann.extension).toBeDefined();
    expect(ann.extension).not.toBe('4701');
    // Never tried to write bob's values onto ann.
    expect(writesOf(annId, '4701', from)).toEqual([]);
    expect(writesOf(annId, number, from)).toEqual([]);

    const told = await eventually(
      () => messagesIn(ADMIN_CHANNEL).find((t) => /Restored, except/.test(t) && t.includes('ann@example.com')),
      'the restore result',
    );
    expect(told).toMatch(/Extension 4701 could not be restored: it now belongs to bob@example\.com in Zoom/);
    expect(told).toContain(`Number ${number} could not be restored: it now belongs to bob@example.com in Zoom`);
    const drift = await f.audits('drift.adopted', 'ann@example.com');
    expect(drift.map((d) => [d.before, d.after])).toEqual([
      [{ extension: '4701 (held for ann@example.com)' }, { extension: '4701 (used by bob@example.com)' }],
      [{ number: `${number} (held for ann@example.com)` }, { number: `${number} (used by bob@example.com)` }],
    ]);
    expect(await f.db().reservation.count({ where: { value: { in: ['4701', number] } } })).toBe(0);
    expect((await f.db().phoneUser.findUniqueOrThrow({ where: { email: 'ann@example.com' } })).extension).toBe(
      ann.extension,
    );
    await eventually(
      () => messagesIn(ADMIN_CHANNEL).find((t) => /disagreed about ann@example\.com/.test(t) && t.includes('4701')),
      'the admins told',
    );
  });

  it('does not block the removal of the person Zoom gave the values to; the removed user is then restored without them', async () => {
    const { number } = await addAndRemove('dan@example.com', '4711');
    // An admin creates erin in the portal with dan's extension and gives her dan's number.
    h.zoom.portal.createPhoneUser({ email: 'erin@example.com', extension: '4711', callingPlans: [200] });
    h.zoom.portal.assignNumber('erin@example.com', number);

    // erin's own changes go through: a stale hold for dan does not make them fail with "held by ...".
    await f.confirmed('remove erin@example.com');
    const removal = await f.settled('erin@example.com', 'remove');
    expect(removal.lastError).toBeNull();
    expect(removal.status).toBe('done');
    expect(removal.attempts).toBe(0);
    expect(h.zoom.state.findUser('erin@example.com')?.status).toBe('inactive');
    const holds = await f
      .db()
      .reservation.findMany({ where: { value: { in: ['4711', number] } }, orderBy: { kind: 'asc' } });
    const erinId = (await f.db().phoneUser.findUniqueOrThrow({ where: { email: 'erin@example.com' } })).id;
    expect(holds.map((r) => [r.kind, r.value, r.phoneUserId])).toEqual([
      ['extension', '4711', erinId],
      ['number', number, erinId],
    ]);
    const drift = await f.audits('drift.adopted', 'dan@example.com');
    expect(drift.map((d) => d.after)).toEqual([
      { extension: '4711 (used by erin@example.com)' },
      { number: `${number} (used by erin@example.com)` },
    ]);
    expect(drift.every((d) => d.requestId === removal.id)).toBe(true);

    // dan's restore does not take what is now held for erin (free in Zoom while she is removed).
    const danId = h.zoom.state.findUser('dan@example.com')!.id;
    const from = h.zoom.calls.length;
    await f.replyTo('restore dan@example.com');
    expect((await f.settled('dan@example.com', 'restore')).status).toBe('done');
    expect(f.zoomPhoneState('dan@example.com')!.extension).not.toBe('4711');
    expect(writesOf(danId, '4711', from)).toEqual([]);
    expect(writesOf(danId, number, from)).toEqual([]);
    const told = await eventually(
      () => messagesIn(ADMIN_CHANNEL).find((t) => /Restored, except/.test(t) && t.includes('dan@example.com')),
      'dan restored',
    );
    expect(told).toMatch(/Extension 4711 could not be restored: phonebot holds it for erin@example\.com now/);

    // And erin gets hers back exactly.
    await f.replyTo('restore erin@example.com');
    expect((await f.settled('erin@example.com', 'restore')).status).toBe('done');
    expect(f.zoomPhoneState('erin@example.com')).toMatchObject({
      status: 'active',
      extension: '4711',
      numbers: [number],
      plans: [200],
    });
  });

  it('moves an automatic extension and number to the next free ones when Zoom gave them away before the hire accepted', async () => {
    await f.replyTo('add hire@example.com plan 200 number auto');
    const pending = await f.settled('hire@example.com', 'add');
    expect(pending.status).toBe('waiting_activation');
    const chosen = pending.desired as { extension: string; number: string };
    // Before the invitee accepts, SCIM and an admin give both to gus.
    h.zoom.portal.createPhoneUser({ email: 'gus@example.com', extension: chosen.extension, callingPlans: [200] });
    h.zoom.portal.assignNumber('gus@example.com', chosen.number);

    await h.zoom.portal.acceptInvitation('hire@example.com');
    const done = await f.settled('hire@example.com', 'add', { untilDone: true });
    expect(done.lastError).toBeNull();
    expect(done.status).toBe('done');
    const hire = f.zoomPhoneState('hire@example.com')!;
    expect(hire.extension).toMatch(/^2\d{3}$/);
    expect(hire.extension).not.toBe(chosen.extension);
    expect(hire.numbers).toHaveLength(1);
    expect(hire.numbers[0]).not.toBe(chosen.number);
    expect(f.zoomPhoneState('gus@example.com')).toMatchObject({
      extension: chosen.extension,
      numbers: [chosen.number],
    });
    const hireId = h.zoom.state.findUser('hire@example.com')!.id;
    expect(writesOf(hireId, chosen.extension)).toEqual([]);
    expect(writesOf(hireId, chosen.number)).toEqual([]);
    expect(done.desired as { extension: string; number: string }).toMatchObject({
      extension: hire.extension,
      number: hire.numbers[0],
    });

    const drift = await f.audits('drift.adopted', 'hire@example.com');
    expect(drift.map((d) => d.after)).toEqual([
      { extension: `${chosen.extension} (used by gus@example.com)` },
      { number: `${chosen.number} (used by gus@example.com)` },
    ]);
    const notice = await eventually(
      () => messagesIn(ADMIN_CHANNEL).find((t) => /disagreed about hire@example\.com/.test(t) && /Extension/.test(t)),
      'the admins told',
    );
    expect(notice).toContain(`phonebot took the next free one, ${hire.extension}, instead`);
    const told = await eventually(
      () =>
        messagesIn(ADMIN_CHANNEL).find((t) => /hire@example\.com/.test(t) && t.includes(`Extension ${hire.extension}`)),
      'the result',
    );
    expect(told).toContain(`Direct number ${hire.numbers[0]}`);
  });

  it('fails an explicit extension that Zoom gave to someone else, without writing it', async () => {
    await f.replyTo('add late@example.com ext 4720 plan 200');
    expect((await f.settled('late@example.com', 'add')).status).toBe('waiting_activation');
    h.zoom.portal.createPhoneUser({ email: 'hal@example.com', extension: '4720' });

    await h.zoom.portal.acceptInvitation('late@example.com');
    const r = await f.settled('late@example.com', 'add', { untilDone: true });
    expect(r.status).toBe('failed');
    expect(r.lastError).toMatch(
      /extension 4720 is now used by hal@example\.com in Zoom .*pick another with \/phone ext late@example\.com <digits>/,
    );
    expect(writesOf(h.zoom.state.findUser('late@example.com')!.id, '4720')).toEqual([]);
    expect(f.zoomPhoneState('hal@example.com')!.extension).toBe('4720');
    expect(await f.db().reservation.count({ where: { value: '4720' } })).toBe(0);
    expect(await f.audits('drift.adopted', 'late@example.com')).toHaveLength(1);
  });

  it('/phone ext re-reads Zoom in the step that writes: an extension given away meanwhile is never written', async () => {
    const bobId = h.zoom.state.findUser('bob@example.com')!.id;
    const bobExtension = f.zoomPhoneState('bob@example.com')!.extension;
    // The first write fails (Zoom hiccup); while phonebot waits to retry, the portal gives 4730 to ivy.
    h.zoom.injectFault({ kind: 'status', status: 503, method: 'PATCH', path: new RegExp(`/phone/users/${bobId}$`) });
    await f.replyTo('ext bob@example.com 4730');
    await eventually(() => writesOf(bobId, '4730').length === 1, 'the first try');
    h.zoom.portal.createPhoneUser({ email: 'ivy@example.com', extension: '4730' });

    const r = await f.settled('bob@example.com', 'update');
    expect(r.status).toBe('failed');
    expect(r.lastError).toMatch(/extension 4730 is now used by ivy@example\.com in Zoom/);
    expect(writesOf(bobId, '4730')).toHaveLength(1);
    expect(f.zoomPhoneState('bob@example.com')!.extension).toBe(bobExtension);
    expect(f.zoomPhoneState('ivy@example.com')!.extension).toBe('4730');
    expect(await f.audits('drift.adopted', 'bob@example.com')).toHaveLength(1);
  });
});
