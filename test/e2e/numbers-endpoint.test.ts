// Zoom's Phone spec marks GET /phone/numbers deprecated; phonebot reads numbers from Number Management
// (GET /number_management/numbers). Here Zoom has retired the old route (every call 404s) and adding phones
// with a chosen number, with `number auto`, and refusing a number someone else holds still work.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, flows } from '../support/flows.js';
import { type Harness, startHarness } from '../support/harness.js';

let h: Harness;
let f: ReturnType<typeof flows>;

beforeAll(async () => {
  h = await startHarness();
  f = flows(h);
  h.zoom.injectFault({
    method: 'GET',
    path: /\/phone\/numbers$/,
    kind: 'status',
    status: 404,
    body: { code: 404, message: 'Not Found' },
    times: 10_000,
  });
});
afterAll(async () => {
  await h?.stop();
});

describe('phone numbers after Zoom retires GET /phone/numbers', () => {
  it('a chosen number is checked and assigned', async () => {
    await f.replyTo('add alice@example.com ext 4021 plan 200 number +14155550100');
    const done = await f.settled('alice@example.com', 'add', { untilDone: true });
    expect(done.status).toBe('done');
    expect(f.zoomPhoneState('alice@example.com')?.numbers).toEqual(['+14155550100']);
  });

  it('number auto takes a free number from the pool', async () => {
    const free = h.zoom.state.numbers.filter((n) => n.assigneeId === undefined).map((n) => n.number);
    await f.replyTo('add erin@example.com ext 4022 plan 200 number auto');
    await eventually(() => h.zoom.state.findUser('erin@example.com'), 'erin to be invited');
    // Accept once phonebot waits for it: an acceptance that beats that commit is left to the activation sweep.
    await eventually(
      async () =>
        (await f.db().provisioningRequest.findFirst({
          where: { email: 'erin@example.com', status: 'waiting_activation' },
        })) ?? undefined,
      'the add to wait for the acceptance',
    );
    await h.zoom.acceptInvitation('erin@example.com');
    const done = await f.settled('erin@example.com', 'add', { untilDone: true });
    expect(done.status).toBe('done');
    const numbers = f.zoomPhoneState('erin@example.com')?.numbers ?? [];
    expect(numbers).toHaveLength(1);
    expect(free).toContain(numbers[0]);
  });

  it('a number another user holds is refused by name, and nothing changes', async () => {
    const writesBefore = h.zoom.calls.filter((c) => c.method !== 'GET').length;
    const reply = await f.replyTo('add dana@example.com ext 4023 plan 200 number +14155550199');
    expect(reply).toMatch(/\+14155550199 is already assigned to Bob/);
    expect(reply).toMatch(/Nothing was changed/);
    expect(h.zoom.calls.filter((c) => c.method !== 'GET').length).toBe(writesBefore);
    expect(h.zoom.calls.some((c) => c.path.endsWith('/number_management/numbers') && c.status === 200)).toBe(true);
  });
});
