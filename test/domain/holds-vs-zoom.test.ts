// holdsGivenToOthers is what the provisioning steps and the drift report both use to tell a stale hold
// from a good one: only a value Zoom shows on somebody other than the person it is held for counts.
import { describe, expect, it } from 'vitest';
import { type HeldValue, holdsGivenToOthers } from '../../src/domain/holds-vs-zoom.js';

const ann = { email: 'ann@example.com', zoomUserId: 'ANN' };
const held = (kind: 'extension' | 'number', value: string, owner: HeldValue['owner'] = ann): HeldValue => ({
  kind,
  value,
  requestId: null,
  phoneUserId: 'pu-ann',
  owner,
});

describe('holdsGivenToOthers', () => {
  const zoom = {
    phoneUsers: [
      { id: 'BOB', email: 'Bob@Example.com', extensionNumber: '4701', phoneNumbers: [{ number: '+14155550101' }] },
      { id: 'ANN', email: 'ann@example.com', extensionNumber: '4702' },
    ],
    numbers: [
      { number: '+14155550102', assignee: { id: 'CAROL', name: 'Carol Clark' } },
      { number: '+14155550103', assignee: { id: 'BOB', name: 'Bob Brown' } },
      { number: '+14155550104', assignee: null },
    ],
  };

  it('returns the holds Zoom gave to someone else, naming who has them', () => {
    const taken = holdsGivenToOthers(
      [
        held('extension', '4701'),
        held('number', '+14155550101'),
        held('number', '+14155550102'),
        held('number', '+14155550103'),
      ],
      zoom,
    );
    expect(taken.map((t) => [t.kind, t.value, t.takenBy])).toEqual([
      ['extension', '4701', { id: 'BOB', email: 'bob@example.com' }],
      ['number', '+14155550101', { id: 'BOB', email: 'bob@example.com' }],
      ['number', '+14155550102', { id: 'CAROL', name: 'Carol Clark', email: undefined }],
      ['number', '+14155550103', { id: 'BOB', name: 'Bob Brown', email: 'bob@example.com' }],
    ]);
  });

  it('keeps holds that are free in Zoom or that Zoom shows on their own holder', () => {
    expect(
      holdsGivenToOthers([held('extension', '4702'), held('extension', '4799'), held('number', '+14155550104')], zoom),
    ).toEqual([]);
    // Known only by e-mail (a pending request before its Zoom id is recorded): matched case-insensitively.
    expect(
      holdsGivenToOthers([held('extension', '4701', { email: 'BOB@example.com', zoomUserId: null })], zoom),
    ).toEqual([]);
  });
});
