import { afterEach, describe, expect, it } from 'vitest';
import { startZoomEmulator, type ZoomEmulator } from '../../src/zoom/emulator/index.js';
import { TestClient, requestToken } from './client.js';

let em: ZoomEmulator | undefined;
afterEach(async () => {
  await em?.close();
  em = undefined;
});

function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

describe('POST /oauth/token (account_credentials)', () => {
  it('issues a bearer token from query parameters or a form body, on the base URL not under /v2', async () => {
    em = await startZoomEmulator({ tokenTtlSeconds: 1800 });
    expect(em.oauthUrl).toBe(`${em.baseUrl}/oauth/token`);
    const viaQuery = await requestToken(em);
    expect(viaQuery.status).toBe(200);
    expect(viaQuery.body).toMatchObject({ token_type: 'bearer', expires_in: 1800, api_url: em.baseUrl });
    expect(viaQuery.body.scope).toContain('phone:write:admin');

    const viaForm = await fetch(em.oauthUrl, {
      method: 'POST',
      headers: {
        authorization: basic('emu-client-id', 'emu-client-secret'),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=account_credentials&account_id=emu-account',
    });
    expect(viaForm.status).toBe(200);
    expect(((await viaForm.json()) as { access_token: string }).access_token).not.toBe(viaQuery.body.access_token);

    const underV2 = await fetch(`${em.apiUrl}/oauth/token`, {
      method: 'POST',
      headers: { authorization: basic('emu-client-id', 'emu-client-secret') },
    });
    expect(underV2.status).toBe(401);
  });

  it('rejects bad credentials, grants and accounts with the observed {reason, error} bodies', async () => {
    em = await startZoomEmulator({ clientId: 'cid', clientSecret: 'csecret', accountId: 'acct' });
    const badSecret = await requestToken(em, { id: 'cid', secret: 'wrong', accountId: 'acct' });
    expect(badSecret.status).toBe(400);
    expect(badSecret.body).toEqual({ reason: 'Invalid client_id or client_secret', error: 'invalid_client' });
    const noAuth = await fetch(`${em.oauthUrl}?grant_type=account_credentials&account_id=acct`, { method: 'POST' });
    expect(noAuth.status).toBe(400);
    expect(await noAuth.json()).toMatchObject({ error: 'invalid_client' });
    const badGrant = await fetch(`${em.oauthUrl}?grant_type=client_credentials&account_id=acct`, {
      method: 'POST',
      headers: { authorization: basic('cid', 'csecret') },
    });
    expect(badGrant.status).toBe(400);
    expect(await badGrant.json()).toEqual({ reason: 'unsupported grant type', error: 'unsupported_grant_type' });
    const badAccount = await requestToken(em, { id: 'cid', secret: 'csecret', accountId: 'other' });
    expect(badAccount.status).toBe(400);
    expect(badAccount.body.error).toBe('invalid_request');
    expect((await requestToken(em, { id: 'cid', secret: 'csecret', accountId: 'acct' })).status).toBe(200);
  });

  it('keeps several tokens valid at once', async () => {
    em = await startZoomEmulator();
    const a = await TestClient.create(em);
    const b = await TestClient.create(em);
    expect(a.token).not.toBe(b.token);
    expect((await a.call('GET', '/users/alice@example.com')).status).toBe(200);
    expect((await b.call('GET', '/users/alice@example.com')).status).toBe(200);
  });
});

describe('bearer tokens on /v2', () => {
  it('answers 401/124 for a missing or unknown token', async () => {
    em = await startZoomEmulator();
    const c = await TestClient.create(em);
    for (const token of [null, 'made-up']) {
      const res = await c.call('GET', '/phone/users', { token });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ code: 124, message: 'Invalid access token.' });
    }
  });

  it('expires tokens by the injected clock', async () => {
    let nowMs = Date.UTC(2026, 0, 10, 12, 0, 0);
    em = await startZoomEmulator({ now: () => new Date(nowMs), tokenTtlSeconds: 3600 });
    const c = await TestClient.create(em);
    nowMs += 3599_000;
    expect((await c.call('GET', '/phone/users')).status).toBe(200);
    nowMs += 2_000;
    const expired = await c.call('GET', '/phone/users');
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({ code: 124, message: 'Access token is expired.' });
    const fresh = await TestClient.create(em);
    expect((await fresh.call('GET', '/phone/users')).status).toBe(200);
  });

  it('expireTokens() kills every issued token; later tokens work', async () => {
    em = await startZoomEmulator();
    const a = await TestClient.create(em);
    const b = await TestClient.create(em);
    em.expireTokens();
    for (const c of [a, b]) {
      const res = await c.call('GET', '/users');
      expect(res.status).toBe(401);
      expect(res.body.code).toBe(124);
    }
    const fresh = await TestClient.create(em);
    expect((await fresh.call('GET', '/users')).status).toBe(200);
  });
});

describe('call recording', () => {
  it('records every API call with a unique tracking id matching the response header', async () => {
    let nowMs = Date.UTC(2026, 2, 1);
    em = await startZoomEmulator({ now: () => new Date(nowMs) });
    const c = await TestClient.create(em);
    nowMs += 1000;
    const res1 = await c.call('PATCH', '/phone/users/bob@example.com', {
      body: { extension_number: '1002' },
      query: { x: '1' },
    });
    const res2 = await c.call('GET', '/users', { query: { status: 'pending' } });
    expect(res1.status).toBe(204);
    const ids = [res1.headers.get('x-zm-trackingid'), res2.headers.get('x-zm-trackingid')];
    expect(new Set(ids).size).toBe(2);
    expect(em.calls.map((k) => [k.method, k.path, k.status, k.family, k.label])).toEqual([
      ['POST', '/oauth/token', 200, 'oauth', 'none'],
      ['PATCH', '/v2/phone/users/bob@example.com', 204, 'phone', 'Light'],
      ['GET', '/v2/users', 200, 'general', 'Medium'],
    ]);
    expect(em.calls[1]).toMatchObject({
      query: { x: '1' },
      body: { extension_number: '1002' },
      trackingId: ids[0],
      at: new Date(Date.UTC(2026, 2, 1, 0, 0, 1)),
    });
    expect(em.calls[2]?.trackingId).toBe(ids[1]);
  });
});
