// Slack answering 429 and 5xx to chat.postMessage and chat.update: provisioning goes on regardless, and the
// messages arrive once Slack recovers — each exactly once.
import { describe, expect, it } from 'vitest';
import { ADMIN_CHANNEL, GENERAL, startHarness, textOf } from '../support/harness.js';

describe('Slack faults', () => {
  it('provisioning is not held up by Slack errors, and the messages catch up', async () => {
    const h = await startHarness();
    try {
      h.slack.injectFault({ method: 'chat.postMessage', kind: 'ratelimited', retryAfter: 1, times: 4 });
      h.slack.injectFault({ method: 'chat.postMessage', kind: 'http', status: 500, times: 6 });
      h.slack.injectFault({ method: 'chat.update', kind: 'ratelimited', retryAfter: 1, times: 3 });
      h.slack.injectFault({ method: 'chat.update', kind: 'http', status: 503, times: 3 });
      const emails = ['alice@example.com', 'slack1@example.com', 'slack2@example.com'];
      await h.command('add alice@example.com ext 4601 plan 200');
      await h.command('add slack1@example.com ext 4602');
      await h.command('add slack2@example.com ext 4603');
      // Zoom work completes while Slack is still failing.
      await h.slack.waitFor(
        () => h.zoom.state.findUser('alice@example.com')?.phone?.callingPlans.includes(200) || undefined,
        { timeoutMs: 15_000, message: 'alice not provisioned' },
      );
      await h.slack.waitFor(
        () => (h.zoom.state.findUser('slack1@example.com') && h.zoom.state.findUser('slack2@example.com')) || undefined,
        { timeoutMs: 15_000, message: 'invites not sent' },
      );
      // The messages catch up.
      for (const email of emails) {
        await h.slack.waitFor(
          () =>
            h.slack
              .messages(GENERAL)
              .find((m) => textOf(m).includes(email) && /is done|was invited to Zoom/.test(textOf(m))),
          { timeoutMs: 60_000, intervalMs: 200, message: `no message for ${email}` },
        );
      }
      await h.slack.waitFor(
        () => h.slack.messages(ADMIN_CHANNEL).find((m) => /alice@example\.com is done/.test(textOf(m))),
        { timeoutMs: 60_000, intervalMs: 200, message: 'admins not told' },
      );
      // Exactly once: one status message per request in the channel, edited in place.
      for (const email of emails) {
        const top = h.slack.messages(GENERAL).filter((m) => !m.thread_ts && textOf(m).includes(email));
        expect(top, email).toHaveLength(1);
      }
      expect(h.slack.calls.some((c) => c.method === 'chat.postMessage' && c.status === 429)).toBe(true);
    } finally {
      await h.stop();
    }
  });
});
