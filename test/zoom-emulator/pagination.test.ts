import { afterEach, describe, expect, it } from 'vitest';
import { startZoomEmulator, type SeedData, type ZoomEmulator } from '../../src/zoom/emulator/index.js';
import { TestClient, type ApiResponse } from './client.js';

let em: ZoomEmulator | undefined;
afterEach(async () => {
  await em?.close();
  em = undefined;
});

function manyUsers(n: number, withPhone: boolean): SeedData {
  return {
    account: { phoneLicenses: n + 10 },
    users: Array.from({ length: n }, (_, i) => ({
      id: `Page${String(i).padStart(4, '0')}AAAAAAAAAAAAAA`,
      email: `user${String(i).padStart(4, '0')}@example.com`,
      firstName: `User${i}`,
      status: 'active' as const,
      phone: withPhone ? { extensionNumber: String(2000 + i) } : undefined,
    })),
  };
}

async function walk(
  c: TestClient,
  path: string,
  query: Record<string, string | number>,
  key: string,
): Promise<ApiResponse[]> {
  const pages: ApiResponse[] = [];
  let token = '';
  do {
    const res = await c.call('GET', path, { query: token ? { ...query, next_page_token: token } : query });
    expect(res.status).toBe(200);
    pages.push(res);
    token = res.body.next_page_token;
    expect(typeof token).toBe('string');
  } while (token !== '' && pages.length < 50);
  expect(pages.flatMap((p) => p.body[key])).toHaveLength(pages[0]?.body.total_records ?? -1);
  return pages;
}

describe('GET /users pagination', () => {
  it('walks every user with next_page_token; the last page has ""', async () => {
    em = await startZoomEmulator({ rateLimits: false, seed: manyUsers(65, false) });
    const c = await TestClient.create(em);
    const pages = await walk(c, '/users', { page_size: 30 }, 'users');
    expect(pages.map((p) => p.body.users.length)).toEqual([30, 30, 5]);
    expect(pages.map((p) => p.body.page_number)).toEqual([1, 2, 3]);
    expect(pages[0]?.body).toMatchObject({ page_count: 3, page_size: 30, total_records: 65 });
    expect(pages[2]?.body.next_page_token).toBe('');
    const ids = pages.flatMap((p) => p.body.users.map((u: { id: string }) => u.id));
    expect(new Set(ids).size).toBe(65);
    // A token can be replayed within its lifetime and gives the same page.
    const token = pages[0]?.body.next_page_token as string;
    const replay = await c.call('GET', '/users', { query: { page_size: 30, next_page_token: token } });
    expect(replay.body.users).toEqual(pages[1]?.body.users);
  });

  it('defaults to 30 per page and clamps page_size to 300', async () => {
    em = await startZoomEmulator({ rateLimits: false, seed: manyUsers(320, false) });
    const c = await TestClient.create(em);
    expect((await c.call('GET', '/users')).body.users).toHaveLength(30);
    const big = await c.call('GET', '/users', { query: { page_size: 2000 } });
    expect(big.body.page_size).toBe(300);
    expect(big.body.users).toHaveLength(300);
    expect((await c.call('GET', '/users', { query: { page_size: 0 } })).body.page_size).toBe(30);
    // Legacy page_number still works.
    const third = await c.call('GET', '/users', { query: { page_size: 100, page_number: 4 } });
    expect(third.body.users).toHaveLength(20);
    expect(third.body.page_number).toBe(4);
  });

  it('tokens expire after 15 minutes and only work with the same filters', async () => {
    let nowMs = Date.UTC(2026, 3, 1, 9, 0, 0);
    em = await startZoomEmulator({ rateLimits: false, seed: manyUsers(40, false), now: () => new Date(nowMs) });
    const c = await TestClient.create(em);
    const first = await c.call('GET', '/users', { query: { page_size: 10 } });
    const token = first.body.next_page_token as string;
    expect(token).not.toBe('');
    const wrongFilter = await c.call('GET', '/users', {
      query: { page_size: 10, status: 'pending', next_page_token: token },
    });
    expect(wrongFilter.status).toBe(400);
    nowMs += 15 * 60 * 1000 - 1000;
    expect((await c.call('GET', '/users', { query: { page_size: 10, next_page_token: token } })).status).toBe(200);
    nowMs += 1000;
    const expired = await c.call('GET', '/users', { query: { page_size: 10, next_page_token: token } });
    expect(expired.status).toBe(400);
    expect(expired.body).toEqual({ code: 300, message: 'The next page token is invalid or expired.' });
  });
});

describe('Phone API pagination', () => {
  it('GET /phone/users pages at most 100 and rejects bad tokens with code 400', async () => {
    em = await startZoomEmulator({ rateLimits: false, seed: manyUsers(120, true) });
    const c = await TestClient.create(em);
    const pages = await walk(c, '/phone/users', { page_size: 150 }, 'users');
    expect(pages.map((p) => p.body.users.length)).toEqual([100, 20]);
    expect(pages[0]?.body.page_size).toBe(100);
    expect((await c.call('GET', '/phone/users')).body.users).toHaveLength(30);
    const bad = await c.call('GET', '/phone/users', { query: { next_page_token: 'x' } });
    expect(bad.body).toEqual({ code: 400, message: 'The next page token is invalid or expired.' });
  });

  it('GET /phone/numbers and /number_management/numbers page through the inventory', async () => {
    em = await startZoomEmulator({ rateLimits: false });
    const c = await TestClient.create(em);
    const numbers = await walk(c, '/phone/numbers', { page_size: 7 }, 'phone_numbers');
    expect(numbers.map((p) => p.body.phone_numbers.length)).toEqual([7, 7, 7]);
    const nm: ApiResponse[] = [];
    let token = '';
    do {
      const res = await c.call('GET', '/number_management/numbers', {
        query: token ? { page_size: 8, next_page_token: token } : { page_size: 8 },
      });
      nm.push(res);
      token = res.body.next_page_token;
    } while (token);
    expect(nm.map((p) => p.body.numbers.length)).toEqual([8, 8, 5]);
  });
});
