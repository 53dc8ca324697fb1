import type { FakeFile, Json } from './types.js';

interface FileKind {
  filetype: string;
  mimetype: string;
  pretty_type: string;
  text: boolean;
}

const KINDS: Record<string, FileKind> = {
  csv: { filetype: 'csv', mimetype: 'text/csv', pretty_type: 'CSV', text: true },
  txt: { filetype: 'text', mimetype: 'text/plain', pretty_type: 'Plain Text', text: true },
  json: { filetype: 'json', mimetype: 'application/json', pretty_type: 'JSON', text: true },
  pdf: { filetype: 'pdf', mimetype: 'application/pdf', pretty_type: 'PDF', text: false },
  png: { filetype: 'png', mimetype: 'image/png', pretty_type: 'PNG', text: false },
};
const BINARY: FileKind = {
  filetype: 'binary',
  mimetype: 'application/octet-stream',
  pretty_type: 'Binary',
  text: false,
};

export function kindFor(name: string, filetype?: string): FileKind {
  const byType = Object.values(KINDS).find((k) => k.filetype === filetype);
  if (byType) return byType;
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
  return KINDS[ext] ?? (filetype ? { ...BINARY, filetype } : BINARY);
}

export interface FileShare {
  channel: string;
  channelName: string;
  ts: string;
  thread_ts?: string;
  isPrivate: boolean;
  isIm: boolean;
}

export interface FileObjectInput {
  id: string;
  name: string;
  title?: string;
  user: string;
  content: Buffer;
  filetype?: string;
  mimetype?: string;
  size?: number;
  created: number;
  baseUrl: string;
  teamId: string;
  shares: FileShare[];
  /** Omit `shares` like a fresh files.completeUploadExternal answer (sharing is asynchronous). */
  withoutShares?: boolean;
}

function previewOf(content: Buffer): { preview: string; lines: number; lines_more: number; truncated: boolean } {
  const lines = content.toString('utf8').split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  const shown = lines.slice(0, 5);
  return {
    preview: shown.join('\n'),
    lines: lines.length,
    lines_more: Math.max(0, lines.length - shown.length),
    truncated: lines.length > shown.length,
  };
}

function sharedIn(input: FileObjectInput, pick: (s: FileShare) => boolean): string[] {
  if (input.withoutShares) return [];
  return [...new Set(input.shares.filter(pick).map((s) => s.channel))];
}

function sharesObject(input: FileObjectInput): Json {
  const out: { public?: Record<string, Json[]>; private?: Record<string, Json[]> } = {};
  for (const s of input.shares) {
    const bucket = s.isPrivate || s.isIm ? (out.private ??= {}) : (out.public ??= {});
    (bucket[s.channel] ??= []).push({
      reply_users: [],
      reply_users_count: 0,
      reply_count: 0,
      ts: s.ts,
      channel_name: s.channelName,
      team_id: input.teamId,
      share_user_id: input.user,
      source: 'UNKNOWN',
      ...(s.thread_ts !== undefined ? { thread_ts: s.thread_ts } : {}),
    });
  }
  return out;
}

/** A files.info-style file object whose URLs point back at this fake. */
export function buildFileObject(input: FileObjectInput): FakeFile {
  const kind = kindFor(input.name, input.filetype);
  const encodedName = encodeURIComponent(input.name);
  const privateBase = `${input.baseUrl}/files-pri/${input.teamId}-${input.id}`;
  const file: FakeFile = {
    id: input.id,
    created: input.created,
    timestamp: input.created,
    name: input.name,
    title: input.title ?? input.name,
    mimetype: input.mimetype ?? kind.mimetype,
    filetype: kind.filetype,
    pretty_type: kind.pretty_type,
    user: input.user,
    user_team: input.teamId,
    editable: kind.text,
    size: input.size ?? input.content.length,
    mode: kind.text ? 'snippet' : 'hosted',
    is_external: false,
    external_type: '',
    is_public: false,
    public_url_shared: false,
    display_as_bot: false,
    username: '',
    url_private: `${privateBase}/${encodedName}`,
    url_private_download: `${privateBase}/download/${encodedName}`,
    media_display_type: 'unknown',
    permalink: `https://fake.slack.invalid/files/${input.user}/${input.id}/${encodedName}`,
    permalink_public: `https://slack-files.invalid/${input.teamId}-${input.id}-${input.id.toLowerCase()}`,
    edit_link: `https://fake.slack.invalid/files/${input.user}/${input.id}/${encodedName}/edit`,
    comments_count: 0,
    is_starred: false,
    is_modified_by_ai: false,
    has_rich_preview: false,
    file_access: 'visible',
    channels: sharedIn(input, (s) => !s.isIm && !s.isPrivate),
    groups: sharedIn(input, (s) => !s.isIm && s.isPrivate),
    ims: sharedIn(input, (s) => s.isIm),
    has_more_shares: false,
  };
  if (!input.withoutShares) file.shares = sharesObject(input);
  if (kind.text) {
    const p = previewOf(input.content);
    Object.assign(file, {
      preview: p.preview,
      preview_highlight: `<div><pre>${p.preview}</pre></div>`,
      lines: p.lines,
      lines_more: p.lines_more,
      preview_is_truncated: p.truncated,
    });
  }
  return file;
}
