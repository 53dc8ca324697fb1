// Which seats an add may take: Zoom's free count decides for an approver's add that runs now, promised seats
// count too for a request that waits for approval, and the approver hears which promised requests lose out.
import { describe, expect, it } from 'vitest';
import { seatVerdict } from '../../src/domain/seats.js';

const plan = { name: 'US/CA Unlimited', available: 2, assigned: 8, subscribed: 10 };
const promised = [
  { requestId: 7, email: 'a@example.com' },
  { requestId: 9, email: 'b@example.com' },
];

describe('seatVerdict', () => {
  it('lets anyone take a seat nobody was promised', () => {
    expect(seatVerdict(plan, promised.slice(0, 1), 'strict')).toEqual({ ok: true });
  });

  it('refuses a waiting request the seats promised to others, but only warns an approver, naming who may lose out', () => {
    expect(seatVerdict(plan, promised, 'strict')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/promised to open requests/),
    });
    const v = seatVerdict(plan, promised, 'approver');
    expect(v.ok).toBe(true);
    // Two seats, two promises: this add takes one, so the newer promise (#9) may find none.
    expect(v.ok && v.warning).toMatch(/#9 \(b@example\.com\) may lack a seat when it runs/);
    expect(v.ok && v.warning).not.toMatch(/#7/);
  });

  it('refuses everyone when Zoom has no free seat', () => {
    expect(seatVerdict({ ...plan, available: 0 }, [], 'approver')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/no seats left on US\/CA Unlimited \(8 of 10 assigned\)/),
    });
  });
});
