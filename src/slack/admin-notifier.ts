// The admin channel's side of the scheduled jobs (purge, pending reminders, drift report): the domain says
// what happened, this renders it and stores it in the outbox under the job's key, so a re-run posts once.
import type { DriftReport } from '../domain/drift-report.js';
import type { PendingUser, PurgePlan } from '../domain/lifecycle.js';
import type { AdminNotifier } from '../domain/ports.js';
import type { Services } from '../services.js';
import { sendUnseenCsv } from './drift-csv.js';
import { driftReportMessage } from './render/drift-report.js';
import { pendingList, purgeNotice, purgeSummary } from './render/lifecycle.js';
import { staleProfilesNotice, unverifiedAddressesNotice } from './render/profiles.js';

type SlackSide = Pick<Services, 'post' | 'slackClient' | 'log' | 'now'>;

export function slackAdminNotifier(adminChannel: string, slack: () => SlackSide): AdminNotifier {
  const post = (key: string, payload: Parameters<Services['post']>[0]['payload']) =>
    slack().post({ key, channel: adminChannel, payload });
  return {
    purgeUpcoming: (key, upcoming: PurgePlan['upcoming']) => post(key, purgeNotice(upcoming)),
    purgeDone: (key, purged, notPurged) => post(key, purgeSummary(purged, notPurged)),
    pendingDigest: (key, users: PendingUser[], afterHours) =>
      post(
        key,
        pendingList(users, {
          title: `Still Pending after ${afterHours} h: they have not accepted the Zoom invitation`,
          empty: '',
        }),
      ),
    async driftReport(key, report: DriftReport) {
      const csvNote = await sendUnseenCsv(slack(), report, adminChannel, 'to this channel');
      await post(key, driftReportMessage(report, { csvNote }));
    },
    profilesStale: (key, stale, file) => post(key, staleProfilesNotice(stale, file)),
    addressesUnverified: (key, users) => post(key, unverifiedAddressesNotice(users)),
  };
}
