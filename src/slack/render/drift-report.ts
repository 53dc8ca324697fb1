// The drift report in Slack (/phone drift and the weekly `drift` job): each difference between phonebot's
// records and Zoom with what adopting does and an "Adopt Zoom's state" button, and the count of phone
// users phonebot never saw (their list goes along as a CSV).
import { describeItem, type DriftReport, refOf } from '../../domain/drift-report.js';
import { esc } from '../escape.js';
import { actions, type Block, button, context, section, type SlackPayload } from './blocks.js';

export const ACTION_DRIFT_ADOPT = 'drift_adopt';

/** A message holds at most 50 blocks: each difference takes two (text, button). */
export const SHOWN_DIFFERENCES = 20;

export function driftReportMessage(report: DriftReport, opts: { csvNote?: string } = {}): SlackPayload {
  const n = report.items.length;
  const c = report.checked;
  const scope = `Checked ${c.waiting} pending invitation(s), ${c.removed} removed user(s), ${c.holds} held extension(s)/number(s), ${c.provisioned} provisioned user(s) against ${c.zoomPhoneUsers} phone user(s) in Zoom.`;
  const blocks: Block[] = [
    section(
      n
        ? `:mag: *Zoom and phonebot disagree on ${n} thing${n === 1 ? '' : 's'}*\nZoom is the truth: *Adopt Zoom's state* brings phonebot's record in line with Zoom (checked again when you click, recorded as drift.adopted).`
        : ':white_check_mark: *Zoom and phonebot agree* on every record phonebot has.',
    ),
  ];
  report.items.slice(0, SHOWN_DIFFERENCES).forEach((item, i) => {
    const d = describeItem(item);
    blocks.push(section(`*${esc(d.title, 300)}*\n${esc(d.found, 1500)}\n_Adopting ${esc(d.adopt, 500)}._`));
    blocks.push(
      actions(`drift:${i}`, [button("Adopt Zoom's state", ACTION_DRIFT_ADOPT, JSON.stringify(refOf(item)), 'primary')]),
    );
  });
  if (n > SHOWN_DIFFERENCES)
    blocks.push(
      context(
        `${n - SHOWN_DIFFERENCES} more not shown: adopt these, then run /phone drift again (\`npm run phonebot -- drift --json\` lists them all).`,
      ),
    );
  if (report.unseen.length) {
    blocks.push(
      section(
        `*${report.unseen.length} phone user${report.unseen.length === 1 ? '' : 's'} in Zoom phonebot never saw* (set up in the Zoom portal or before phonebot). phonebot has no record of them to correct; ${opts.csvNote ?? 'the CLI lists them: `npm run phonebot -- drift --json`'}.`,
      ),
    );
  }
  blocks.push(context(`${scope} Nothing was written to Zoom by this report.`));
  const text = n
    ? `Zoom and phonebot disagree on ${n} thing(s)${report.unseen.length ? `; ${report.unseen.length} phone user(s) phonebot never saw` : ''}`
    : `Zoom and phonebot agree${report.unseen.length ? `; ${report.unseen.length} phone user(s) phonebot never saw` : ''}`;
  return { text, blocks };
}

/** The phone users phonebot never saw, as a CSV for the admins. */
export function unseenCsvRows(report: DriftReport): { header: string[]; rows: (string | number | null)[][] } {
  return {
    header: ['email', 'extension', 'calling_plans', 'phone_numbers'],
    rows: report.unseen.map((u) => [u.email, u.extension ?? '', u.callingPlans.join(' '), u.phoneNumbers.join(' ')]),
  };
}
