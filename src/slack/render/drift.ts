// The admins' notice that Zoom and phonebot disagreed and phonebot followed Zoom (domain/drift.ts).
import type { DriftNotice } from '../../domain/drift.js';
import { esc } from '../escape.js';
import { context, section, type SlackPayload } from './blocks.js';

const show = (v: unknown): string => {
  if (v === undefined || v === null || v === '') return 'none';
  if (Array.isArray(v)) return v.length ? v.map(String).join(', ') : 'none';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
};

export function driftNotice(n: DriftNotice): SlackPayload {
  const rows = n.drift.map(
    (d) => `• *${esc(d.field)}*: phonebot had ${esc(show(d.believed), 200)}, Zoom has ${esc(show(d.zoom), 200)}`,
  );
  return {
    text: `Zoom and phonebot disagreed about ${n.target}: ${n.message}`,
    blocks: [
      section(`:mag: *Zoom and phonebot disagreed* about *${esc(n.target)}*\n${esc(n.message, 1500)}`),
      ...(rows.length ? [section(rows.join('\n'))] : []),
      context(
        `phonebot followed Zoom${n.requestId ? ` (request #${n.requestId})` : ''}; recorded in the audit log as drift.adopted.`,
      ),
    ],
  };
}
