// Audit entries as an admin reads them: a verb instead of the internal event name, the date in the
// reader's timezone, and — when phonebot acted by itself — the person whose request it was acting on.
import { SYSTEM_ACTOR } from '../../domain/audit.js';
import { esc, mention } from '../escape.js';
import { slackDate } from './dates.js';

const VERBS: Record<string, string> = {
  'request.created': 'created request',
  'request.submitted': 'asked for',
  'request.approved': 'approved the request for',
  'request.denied': 'denied the request for',
  'request.cancelled': 'cancelled the request for',
  'request.expired': 'let expire the request for',
  'request.done': 'finished the request for',
  'request.fail': 'failed the request for',
  'request.failed': 'failed the request for',
  'request.waiting_activation': 'waits for the invitation to be accepted by',
  'request.step_retry': 'will retry a Zoom call for',
  'request.batch_fallback': 'retried one by one for',
  'zoom.user.invited': 'invited to Zoom',
  'zoom.user.reinvited': 'invited to Zoom again',
  'zoom.user.invitation_withdrawn': 'withdrew the Zoom invitation of',
  'zoom.user.invitation_expired': 'saw the Zoom invitation expire for',
  'zoom.user.activated': 'saw the Zoom invitation accepted by',
  'zoom.user.reactivated': 'reactivated in Zoom',
  'zoom.user.resend_skipped': 'did not re-invite (already active)',
  'zoom.phone.licensed': 'gave a Zoom Phone licence to',
  'zoom.phone.configured': 'set the extension and site of',
  'zoom.plan.assigned': 'assigned a calling plan to',
  'zoom.plan.unassigned': 'removed a calling plan from',
  'zoom.number.assigned': 'assigned a direct number to',
  'zoom.number.unassigned': 'removed a direct number from',
  'phone_user.provisioned': 'finished the phone setup of',
  'phone_user.updated': 'updated the phone of',
  'phone_user.snapshot': 'recorded for restore what had',
  'phone_user.soft_deleted': 'removed (restorable)',
  'phone_user.restored': 'restored',
  'phone_user.purged': 'deleted from Zoom for good',
  'phone_user.purge_skipped': 'did not purge (active in Zoom again)',
  'phone_user.calling_plans_removed': 'removed the calling plans of',
  'drift.adopted': 'followed Zoom (it disagreed) about',
  'drift.reported': 'compared its records with Zoom (drift report)',
  'batch.previewed': 'checked a CSV for',
  'batch.started': 'started a CSV import',
  'batch.finished': 'finished a CSV import',
  'batch.cancelled': 'cancelled a CSV import',
  'batch.refused': 'refused a CSV import',
  'batch.row.failed': 'failed a CSV row for',
};

/** "assigned a calling plan to" for zoom.plan.assigned; unknown actions read as words, never as codes. */
export function auditVerb(action: string): string {
  const known = VERBS[action];
  if (known) return known;
  if (action.startsWith('authz.refused.'))
    return `was refused "${action.slice('authz.refused.'.length).replace(/[._]/g, ' ')}" for`;
  return action.replace(/[._]/g, ' ');
}

export interface AuditLine {
  at: Date;
  actor: string;
  action: string;
  target: string | null;
  requestId: number | null;
  outcome: string;
}

/** One entry; `onBehalfOf` is the requester of the entry's request, shown when phonebot itself acted. */
export function auditLine(e: AuditLine, onBehalfOf?: string): string {
  const who =
    e.actor === SYSTEM_ACTOR
      ? `phonebot${onBehalfOf && onBehalfOf !== SYSTEM_ACTOR ? ` for ${mention(onBehalfOf)}` : ''}`
      : mention(e.actor);
  const outcome = e.outcome !== 'ok' ? ` (${esc(e.outcome.replace(/_/g, ' '))})` : '';
  return `${slackDate(e.at)} ${who} ${esc(auditVerb(e.action))} ${e.target ? `*${esc(e.target)}*` : ''}${e.requestId ? ` (request #${e.requestId})` : ''}${outcome}`;
}
