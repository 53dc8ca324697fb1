// Who may do what (src/domain/policy.ts): the rules themselves, for every action — approvers and everyone
// else, the self-approval rule with PHONEBOT_ALLOW_SELF_APPROVAL off and on, the requester's own requests,
// an e-mail Slack cannot tell (fails closed), cancelling, and reading someone's phone. Each refusal lands in
// the audit log. (test/e2e/authz.test.ts checks that every Slack entry point asks these rules.)
import { beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/config/env.js';
import { type Action, authorize, mayReadStatus, type PolicyDeps } from '../../src/domain/policy.js';
import type { RequestRow } from '../../src/domain/provisioning/types.js';
import { createAddRequest } from '../../src/domain/requests.js';
import { log, RecordingListener, useDatabase } from './support/db.js';
import { MemoryPeople } from './support/people.js';

const database = useDatabase();
const people = new MemoryPeople()
  .approver('U-ANN', 'ann@example.com')
  .approver('U-AMY', 'amy@example.com')
  .member('U-BOB', 'bob@example.com')
  .member('U-CAT', 'cat@example.com');
people.approvers.add('U-NOMAIL');
people.lookupErrors.set('U-NOMAIL', 'ratelimited');

const ALL_ACTIONS: Action[] = [
  'add',
  'request.approve',
  'request.deny',
  'request.cancel',
  'audit.read',
  'status.others',
  'users.change',
  'users.export',
  'csv.upload',
  'csv.run',
  'drift.read',
  'drift.adopt',
  'confirm',
];

function deps(allowSelfApproval = false): PolicyDeps {
  return {
    people,
    s: {
      config: { ...parseEnv({}, { slack: false, zoom: false }), PHONEBOT_ALLOW_SELF_APPROVAL: allowSelfApproval },
      db: database.db,
      log,
    },
  };
}

let nextExtension = 4000;

/** An add request waiting for approval, for `email`, asked for by `requestedBy`. */
async function request(email: string, requestedBy: string): Promise<RequestRow> {
  return createAddRequest(database.db, new RecordingListener(), {
    requestedBy,
    resolved: { email, extension: String(nextExtension++), extensionAuto: false, numberAuto: false },
  });
}

let bobsRequest: RequestRow;
let annsOwnRequest: RequestRow;
let forAmy: RequestRow;

beforeAll(async () => {
  bobsRequest = await request('new.hire@example.com', 'U-BOB');
  // An approver's add for their own address waits for another approver.
  annsOwnRequest = await request('ann@example.com', 'U-ANN');
  // Asked for by Bob, for Amy (an approver).
  forAmy = await request('amy@example.com', 'U-BOB');
});

const refusals = (actor: string) =>
  database.db.auditLog.findMany({ where: { actor, outcome: 'refused' }, orderBy: { id: 'asc' } });

describe('approvers and everyone else', () => {
  it('lets an approver take every action', async () => {
    for (const action of ALL_ACTIONS)
      expect([action, await authorize(deps(), 'U-AMY', action, { request: bobsRequest })]).toEqual([
        action,
        { ok: true, approver: true },
      ]);
  });

  it('lets anyone else add and cancel their own request, refuses the rest and audits each refusal', async () => {
    for (const action of ALL_ACTIONS) {
      const decision = await authorize(deps(), 'U-BOB', action, { request: bobsRequest });
      const allowed = action === 'add' || action === 'request.cancel';
      expect([action, decision]).toEqual([
        action,
        allowed ? { ok: true, approver: false } : { ok: false, reason: 'only phonebot approvers can do that' },
      ]);
    }
    const audited = await refusals('U-BOB');
    expect(audited.map((a) => a.action)).toEqual(
      ALL_ACTIONS.filter((a) => a !== 'add' && a !== 'request.cancel').map((a) => `authz.refused.${a}`),
    );
    expect(audited[0]).toMatchObject({
      target: 'new.hire@example.com',
      requestId: bobsRequest.id,
      detail: { reason: 'only phonebot approvers can do that' },
    });
  });
});

describe('self-approval', () => {
  it('with PHONEBOT_ALLOW_SELF_APPROVAL off, nobody approves their own request or a phone for themselves', async () => {
    const own = await authorize(deps(), 'U-ANN', 'request.approve', { request: annsOwnRequest });
    expect(own).toEqual({ ok: false, reason: expect.stringMatching(/^you cannot approve your own request/) });
    const forThemselves = await authorize(deps(), 'U-AMY', 'request.approve', { request: forAmy });
    expect(forThemselves).toEqual(own);
    // Another approver may.
    expect(await authorize(deps(), 'U-AMY', 'request.approve', { request: annsOwnRequest })).toEqual({
      ok: true,
      approver: true,
    });
    expect(await refusals('U-AMY')).toMatchObject([
      { action: 'authz.refused.request.approve', target: 'amy@example.com', requestId: forAmy.id },
    ]);
  });

  it('with it on, an approver may approve a phone for themselves, but still not their own request', async () => {
    expect(await authorize(deps(true), 'U-AMY', 'request.approve', { request: forAmy })).toEqual({
      ok: true,
      approver: true,
    });
    expect(await authorize(deps(true), 'U-ANN', 'request.approve', { request: annsOwnRequest })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^you cannot approve your own request/),
    });
  });

  it('makes an approver’s add for their own address wait for another approver, only while the rule is on', async () => {
    expect(await authorize(deps(), 'U-ANN', 'add', { target: ' Ann@Example.com ' })).toEqual({
      ok: true,
      approver: true,
      needsAnotherApprover: true,
    });
    expect(await authorize(deps(), 'U-ANN', 'add', { target: 'someone@example.com' })).toEqual({
      ok: true,
      approver: true,
    });
    expect(await authorize(deps(true), 'U-ANN', 'add', { target: 'ann@example.com' })).toEqual({
      ok: true,
      approver: true,
    });
    // A non-approver's add waits for an approver anyway.
    expect(await authorize(deps(), 'U-BOB', 'add', { target: 'bob@example.com' })).toEqual({
      ok: true,
      approver: false,
    });
  });

  it('fails closed when Slack cannot tell the approver’s e-mail', async () => {
    const reason =
      'phonebot could not read your email address from Slack (ratelimited), so it cannot tell whether this phone is for you; nobody approves a phone for their own address, so nothing was done. Try again in a minute';
    expect(await authorize(deps(), 'U-NOMAIL', 'request.approve', { request: bobsRequest })).toEqual({
      ok: false,
      reason,
    });
    expect(await authorize(deps(), 'U-NOMAIL', 'add', { target: 'x@example.com' })).toEqual({ ok: false, reason });
    expect(await refusals('U-NOMAIL')).toMatchObject([
      { action: 'authz.refused.request.approve', detail: { reason } },
      { action: 'authz.refused.add', target: 'x@example.com', detail: { reason } },
    ]);
    // With the rule off there is nothing to look up, so nothing to fail on.
    expect(await authorize(deps(true), 'U-NOMAIL', 'request.approve', { request: bobsRequest })).toEqual({
      ok: true,
      approver: true,
    });
  });
});

describe('cancel', () => {
  it('is for the requester or an approver', async () => {
    expect(await authorize(deps(), 'U-BOB', 'request.cancel', { request: bobsRequest })).toEqual({
      ok: true,
      approver: false,
    });
    expect(await authorize(deps(), 'U-ANN', 'request.cancel', { request: bobsRequest })).toEqual({
      ok: true,
      approver: true,
    });
    expect(await authorize(deps(), 'U-CAT', 'request.cancel', { request: bobsRequest })).toEqual({
      ok: false,
      reason: 'only the requester or an approver can cancel a request',
    });
    expect(await refusals('U-CAT')).toMatchObject([
      { action: 'authz.refused.request.cancel', requestId: bobsRequest.id },
    ]);
  });
});

describe('reading a phone', () => {
  it('lets anyone read their own (any spelling of their address), and only approvers read others’', async () => {
    expect(await mayReadStatus(deps(), 'U-CAT', ' Cat@Example.com')).toEqual({ ok: true, approver: false });
    expect(await mayReadStatus(deps(), 'U-ANN', 'cat@example.com')).toEqual({ ok: true, approver: true });
    expect(await mayReadStatus(deps(), 'U-CAT', 'bob@example.com')).toEqual({
      ok: false,
      reason: 'only phonebot approvers can do that',
    });
    expect(await refusals('U-CAT')).toContainEqual(
      expect.objectContaining({ action: 'authz.refused.status.others', target: 'bob@example.com' }),
    );
  });

  it('gives no more access when the e-mail cannot be read', async () => {
    people.member('U-DAN', 'dan@example.com');
    people.lookupErrors.set('U-DAN', 'user_not_found');
    expect(await mayReadStatus(deps(), 'U-DAN', 'dan@example.com')).toEqual({
      ok: false,
      reason: 'only phonebot approvers can do that',
    });
    // An approver still reads anyone's.
    expect(await mayReadStatus(deps(), 'U-NOMAIL', 'dan@example.com')).toEqual({ ok: true, approver: true });
  });
});
