// request-expiry: requests nobody decided within PHONEBOT_REQUEST_TTL_DAYS expire, release what they held,
// and the requester is told (the approval message is updated in place). Requests still waiting for an
// invitation after Zoom's 30-day invitation lifetime are decided from Zoom: accepted = finish the setup,
// withdrawn, deleted or lapsed = close the request and release its holds, a live invitation (re-sent
// outside phonebot) = keep waiting.
import { markActivated } from '../domain/activation.js';
import { SYSTEM_ACTOR } from '../domain/audit.js';
import { closeWaiting, INVITATION_DAYS, readInvitation } from '../domain/invitation.js';
import { decide } from '../domain/requests.js';
import type { Job } from './job.js';

const DAY = 86_400_000;

export const requestExpiryJob: Job = {
  name: 'request-expiry',
  description: 'expire requests nobody approved or denied in time, and close those whose Zoom invitation lapsed',
  schedule: (s) => s.config.PHONEBOT_CRON_REQUEST_EXPIRY,
  async run({ s, now, dryRun, runQueued }) {
    const due = await s.db.provisioningRequest.findMany({
      where: { status: 'awaiting_approval', expiresAt: { lte: now } },
      orderBy: { id: 'asc' },
    });
    const expired: number[] = [];
    if (!dryRun) {
      for (const r of due) {
        const result = await decide(s.db, s.listener, {
          requestId: r.id,
          actor: SYSTEM_ACTOR,
          decision: 'expired',
          note: `Nobody approved or denied it within ${s.config.PHONEBOT_REQUEST_TTL_DAYS} days.`,
        });
        if (result.ok) expired.push(r.id);
      }
    }
    const ids = dryRun ? due.map((r) => r.id) : expired;

    // Waiting past the invitation lifetime, counted from the latest invitation phonebot sent.
    const waiting = await s.db.provisioningRequest.findMany({
      where: { status: 'waiting_activation' },
      orderBy: { id: 'asc' },
    });
    const invited = new Map(
      (await s.db.phoneUser.findMany({ where: { email: { in: waiting.map((w) => w.email) } } })).map((u) => [
        u.email,
        u.invitedAt,
      ]),
    );
    const lapsed = waiting.filter(
      (w) => (invited.get(w.email) ?? w.createdAt).getTime() + INVITATION_DAYS * DAY <= now.getTime(),
    );
    const closed: number[] = [];
    const finished: number[] = [];
    const stillInvited: number[] = [];
    const errors: string[] = [];
    for (const r of lapsed) {
      let found;
      try {
        found = await readInvitation(s.zoom, r);
      } catch (err) {
        errors.push(`#${r.id} ${r.email}: ${(err as Error).message}`);
        continue;
      }
      if (found.state === 'pending') stillInvited.push(r.id);
      else if (found.state === 'active') {
        if (dryRun) finished.push(r.id);
        else {
          finished.push(
            ...(await markActivated(s.db, s.listener, { zoomUserId: found.zoomUserId, email: r.email }, 'expiry', {
              actor: SYSTEM_ACTOR,
              message: (email, id) =>
                `Request #${id} was about to be closed as past Zoom's ${INVITATION_DAYS}-day invitation expiry, but Zoom shows ${email} active (they accepted; phonebot had not been told). phonebot is finishing the phone setup instead.`,
            })),
          );
        }
      } else if (dryRun || (await closeWaiting(s.db, s.listener, r, found, SYSTEM_ACTOR))) closed.push(r.id);
    }
    if (finished.length && !dryRun) await runQueued(finished);
    const list = (xs: number[]) => xs.map((id) => `#${id}`).join(', ');
    const parts = [
      `${ids.length} request(s) ${dryRun ? 'would expire' : 'expired'}${ids.length ? `: ${list(ids)}` : ''}`,
    ];
    if (closed.length)
      parts.push(
        `${closed.length} waiting request(s) ${dryRun ? 'would be closed' : 'closed'}, the invitation gone in Zoom: ${list(closed)}`,
      );
    if (finished.length)
      parts.push(
        `${finished.length} ${dryRun ? 'would be finished' : 'finished'}, accepted in Zoom: ${list(finished)}`,
      );
    if (stillInvited.length)
      parts.push(`${stillInvited.length} still waiting, Zoom shows a live invitation: ${list(stillInvited)}`);
    if (errors.length) parts.push(`${errors.length} could not be checked with Zoom`);
    return {
      summary: parts.join('; '),
      details: {
        requests: due
          .filter((r) => ids.includes(r.id))
          .map((r) => ({ id: r.id, email: r.email, requestedBy: r.requestedBy, expiresAt: r.expiresAt })),
        waiting: { closed, finished, stillInvited, errors },
      },
    };
  },
};
