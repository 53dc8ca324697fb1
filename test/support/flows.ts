// What an admin does in a test, in one line each: a command and its private reply, a destructive command
// through its confirmation modal, waiting for a request to settle, and the Zoom state of a user.
import { expect } from 'vitest';
import { ADMIN, type Harness, textOf } from './harness.js';
import { countViews, openedView, submit } from './slack-actions.js';
import { eventually } from './eventually.js';

export { eventually };

export function flows(h: Harness) {
  const db = () => h.bot.services.db;
  let seen = 0;
  const mark = async () => {
    seen = (await db().provisioningRequest.aggregate({ _max: { id: true } }))._max.id ?? 0;
  };
  return {
    db,
    mark,
    /** The first private reply to `/phone <text>` that is not the "working on it" placeholder. */
    async replyTo(text: string, user = ADMIN, channel?: string): Promise<string> {
      await mark();
      const res = await h.command(text, { user, channel });
      return eventually(
        () =>
          h
            .responsesTo(res.responseUrl)
            .map(textOf)
            .find((t) => !/^⏳/.test(t)),
        `a reply to /phone ${text}`,
      );
    },
    /** Runs a destructive command through its confirmation modal; returns the modal's text. */
    async confirmed(text: string, user = ADMIN): Promise<string> {
      await mark();
      const before = countViews(h, 'confirm_modal');
      await h.command(text, { user });
      const view = await openedView(h, 'confirm_modal', { after: before });
      const res = await submit(h, user, view, {});
      expect(res.status).toBe(200);
      return textOf(view.view);
    },
    /** The newest `kind` request for `email` made since the last command, once it is no longer running. */
    async settled(email: string, kind: string, opts: { untilDone?: boolean; since?: number } = {}) {
      const since = opts.since ?? seen;
      const open = ['queued', 'awaiting_approval', ...(opts.untilDone ? ['waiting_activation'] : [])];
      return eventually(
        async () => {
          const r = await db().provisioningRequest.findFirst({
            where: { email, kind, id: { gt: since } },
            orderBy: { id: 'desc' },
          });
          return r && !open.includes(r.status) ? r : undefined;
        },
        `${kind} for ${email} to settle`,
        20_000,
      );
    },
    zoomPhoneState(email: string) {
      const u = h.zoom.state.findUser(email);
      if (!u) return undefined;
      return {
        status: u.status,
        extension: u.phone?.extensionNumber,
        plans: u.phone?.callingPlans ?? [],
        numbers: h.zoom.state
          .numbersOf(u.id)
          .map((n) => n.number)
          .sort(),
        siteId: u.phone?.siteId,
        templateId: u.phone?.templateId,
      };
    },
    /** Audit entries of one action, oldest first. */
    audits(action: string, target?: string) {
      return db().auditLog.findMany({ where: { action, ...(target ? { target } : {}) }, orderBy: { id: 'asc' } });
    },
  };
}
