import { buildFileObject, type FileShare } from '../file-object.js';
import type { FakeChannel, Json } from '../types.js';
import type { PendingUpload } from '../workspace.js';
import { fail, missing, str, type MethodHandler } from './method-context.js';

const info: MethodHandler = ({ ws, args }) => {
  const id = str(args, 'file');
  const stored = id === undefined ? undefined : ws.files.get(id);
  if (!stored) return fail('file_not_found');
  return { ok: true, file: stored.file, comments: [], response_metadata: { next_cursor: '' } };
};

const getUploadURLExternal: MethodHandler = ({ ws, args, baseUrl }) => {
  const filename = str(args, 'filename');
  if (filename === undefined || filename === '') return missing('filename');
  const lengthArg = str(args, 'length');
  if (lengthArg === undefined) return missing('length');
  const length = Number(lengthArg);
  if (!Number.isInteger(length) || length < 0)
    return fail('invalid_arguments', ['[ERROR] must be an integer [json-pointer:/length]']);
  // Slack documents missing_argument for a zero length.
  if (length === 0) return fail('missing_argument');
  const fileId = ws.fileIds.next();
  ws.pendingUploads.set(fileId, { fileId, filename, length, completed: false });
  return { ok: true, upload_url: `${baseUrl}/upload/${fileId}`, file_id: fileId };
};

interface FileRef {
  id: string;
  title?: string;
}

function readFileRefs(value: unknown): FileRef[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const refs: FileRef[] = [];
  for (const item of value as unknown[]) {
    if (typeof item !== 'object' || item === null) return undefined;
    const { id, title } = item as { id?: unknown; title?: unknown };
    if (typeof id !== 'string') return undefined;
    refs.push(typeof title === 'string' ? { id, title } : { id });
  }
  return refs;
}

const completeUploadExternal: MethodHandler = ({ ws, args, now, baseUrl }) => {
  if (args.files === undefined) return missing('files');
  const refs = readFileRefs(args.files);
  if (!refs)
    return fail('invalid_arguments', ['[ERROR] must be an array of {id, title} objects [json-pointer:/files]']);

  const channelRefs = [str(args, 'channel_id'), ...(str(args, 'channels') ?? '').split(',')]
    .map((c) => c?.trim())
    .filter((c): c is string => c !== undefined && c !== '');
  const channels: FakeChannel[] = [];
  for (const ref of channelRefs) {
    const check = ws.checkBotCanPost(ref);
    if ('error' in check) return fail(check.error);
    if (!channels.includes(check.channel)) channels.push(check.channel);
  }

  const uploads: PendingUpload[] = [];
  for (const ref of refs) {
    const pending = ws.pendingUploads.get(ref.id);
    // Unknown ids, ids completed before and uploads that never received bytes all fail alike.
    if (!pending || pending.completed || pending.content === undefined) return fail('file_not_found');
    uploads.push(pending);
  }

  const threadTs = str(args, 'thread_ts');
  const initialComment = str(args, 'initial_comment');
  const created = Math.floor(now / 1000);
  const files: Json[] = [];
  refs.forEach((ref, i) => {
    const pending = uploads[i];
    if (!pending?.content) return;
    pending.completed = true;
    const shares: FileShare[] = channels.map((c) => ({
      channel: c.id,
      channelName: c.name,
      ts: ws.ts.next(),
      isPrivate: c.is_private === true,
      isIm: c.is_im === true,
      ...(threadTs !== undefined ? { thread_ts: threadTs } : {}),
    }));
    const base = {
      id: pending.fileId,
      name: pending.filename,
      title: ref.title ?? pending.filename,
      user: ws.botUserId,
      content: pending.content,
      created,
      baseUrl,
      teamId: ws.teamId,
      shares,
    };
    ws.files.set(pending.fileId, { file: buildFileObject(base), content: pending.content });
    ws.completedUploads.push({
      file_id: pending.fileId,
      filename: pending.filename,
      content: pending.content,
      title: base.title,
      ...(channels[0] !== undefined ? { channel_id: channels[0].id } : {}),
      ...(threadTs !== undefined ? { thread_ts: threadTs } : {}),
      ...(initialComment !== undefined ? { initial_comment: initialComment } : {}),
    });
    // Sharing is asynchronous in Slack: the completion answer has no shares yet (bolt-js#2115).
    files.push(buildFileObject({ ...base, withoutShares: true }));
  });
  return { ok: true, files };
};

export const fileMethods: Record<string, MethodHandler> = {
  'files.info': info,
  'files.getUploadURLExternal': getUploadURLExternal,
  'files.completeUploadExternal': completeUploadExternal,
};
