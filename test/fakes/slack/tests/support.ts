import { LogLevel, WebClient } from '@slack/web-api';
import { startSlackFake, type SlackFake, type SlackFakeOptions } from '../index.js';

export const BOT_TOKEN = 'xoxb-test-token';
export const APP_TOKEN = 'xapp-1-A0FAKEAPP-1-test';

export const ALICE = {
  id: 'UALICE',
  name: 'alice',
  email: 'alice@corp.example',
  is_admin: true,
  tz: 'Europe/Berlin',
  real_name: 'Alice Admin',
};
export const BOB = { id: 'UBOB', name: 'bob', email: 'bob@corp.example' };
export const GONE = { id: 'UGONE', name: 'gone', email: 'gone@corp.example', deleted: true };

/** #phone-ops has the bot; #random does not. */
export const OPS = { id: 'COPS', name: 'phone-ops', members: ['UBOT', 'UALICE', 'UBOB'] };
export const RANDOM = { id: 'CRANDOM', name: 'random', members: ['UALICE'] };

export function startFixtureFake(extra: SlackFakeOptions = {}): Promise<SlackFake> {
  return startSlackFake({
    users: [ALICE, BOB, GONE],
    usergroups: { SAPPROVERS: ['UALICE'] },
    channels: [OPS, RANDOM],
    ...extra,
  });
}

/** Tests must never retry: a failing fake would otherwise stall a call for ~30 minutes (slack-bolt.md §2.1). */
export function clientFor(
  fake: SlackFake,
  token = BOT_TOKEN,
  extra: ConstructorParameters<typeof WebClient>[1] = {},
): WebClient {
  return new WebClient(token, {
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 0 },
    logLevel: LogLevel.ERROR,
    ...extra,
  });
}

/** The Slack error code of a rejected Web API call. */
export async function slackError(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    const data = (err as { data?: { error?: unknown } }).data;
    if (typeof data?.error === 'string') return data.error;
    throw err;
  }
  throw new Error('expected the call to fail');
}
