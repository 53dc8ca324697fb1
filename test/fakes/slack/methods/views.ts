import { isViewTooLarge, viewErrors } from '../block-limits.js';
import { makeViewHash } from '../ids.js';
import type { FakeView, Json } from '../types.js';
import { VIEW_STACK_MAX, type Workspace } from '../workspace.js';
import { fail, missing, str, type ApiResponse, type MethodHandler } from './method-context.js';

/** The view object views.* return: what was sent plus Slack's server-side fields. */
function viewJson(
  ws: Workspace,
  v: { id: string; hash: string; rootViewId: string; previousViewId: string | null },
  raw: Record<string, Json>,
): Json {
  return {
    id: v.id,
    team_id: ws.teamId,
    type: raw.type,
    blocks: raw.blocks ?? [],
    private_metadata: raw.private_metadata ?? '',
    callback_id: raw.callback_id ?? '',
    state: { values: {} },
    hash: v.hash,
    title: raw.title ?? null,
    clear_on_close: raw.clear_on_close ?? false,
    notify_on_close: raw.notify_on_close ?? false,
    close: raw.close ?? null,
    submit: raw.submit ?? null,
    submit_disabled: raw.submit_disabled ?? false,
    previous_view_id: v.previousViewId,
    root_view_id: v.rootViewId,
    app_id: ws.appId,
    external_id: raw.external_id ?? '',
    app_installed_team_id: ws.teamId,
    bot_id: ws.botId,
  };
}

function checkView(view: unknown): ApiResponse | undefined {
  if (view === undefined) return missing('view');
  const errors = viewErrors(view);
  if (errors.length > 0) return fail('invalid_arguments', errors);
  if (isViewTooLarge(view)) return fail('view_too_large');
  return undefined;
}

function createView(
  ws: Workspace,
  raw: Record<string, Json>,
  stack: { rootViewId?: string; previousViewId: string | null; user?: string },
): FakeView {
  const id = ws.viewIds.next();
  const hash = makeViewHash();
  const rootViewId = stack.rootViewId ?? id;
  const record: FakeView = {
    id,
    view: viewJson(ws, { id, hash, rootViewId, previousViewId: stack.previousViewId }, raw),
    openedAt: new Date(),
    updates: 0,
    hash,
    rootViewId,
    previousViewId: stack.previousViewId,
  };
  if (stack.user !== undefined) record.user = stack.user;
  if (typeof raw.external_id === 'string' && raw.external_id !== '') record.externalId = raw.external_id;
  ws.views.set(id, record);
  return record;
}

function duplicateExternalId(ws: Workspace, raw: Record<string, Json>): boolean {
  return (
    typeof raw.external_id === 'string' &&
    raw.external_id !== '' &&
    ws.findViewByExternalId(raw.external_id) !== undefined
  );
}

const open: MethodHandler = ({ ws, args, now }) => {
  const triggerId = str(args, 'trigger_id') ?? str(args, 'interactivity_pointer');
  if (triggerId === undefined) return missing('trigger_id');
  const bad = checkView(args.view);
  if (bad) return bad;
  const raw = args.view as Record<string, Json>;
  if (duplicateExternalId(ws, raw)) return fail('duplicate_external_id');
  const trigger = ws.exchangeTrigger(triggerId, now);
  if ('error' in trigger) return fail(trigger.error);
  const record = createView(ws, raw, {
    previousViewId: null,
    ...(trigger.user !== undefined ? { user: trigger.user } : {}),
  });
  return { ok: true, view: record.view };
};

const push: MethodHandler = ({ ws, args, now }) => {
  const triggerId = str(args, 'trigger_id') ?? str(args, 'interactivity_pointer');
  if (triggerId === undefined) return missing('trigger_id');
  const bad = checkView(args.view);
  if (bad) return bad;
  const raw = args.view as Record<string, Json>;
  if (duplicateExternalId(ws, raw)) return fail('duplicate_external_id');
  const trigger = ws.exchangeTrigger(triggerId, now);
  if ('error' in trigger) return fail(trigger.error);
  // Without a modal to stack on (trigger not tied to one and none open), it starts a new stack.
  const rootViewId =
    (trigger.viewId !== undefined ? ws.views.get(trigger.viewId)?.rootViewId : undefined) ??
    ws.latestRootFor(trigger.user);
  const stack = rootViewId === undefined ? [] : ws.viewStack(rootViewId);
  if (stack.length >= VIEW_STACK_MAX) return fail('push_limit_reached');
  const record = createView(ws, raw, {
    previousViewId: stack.at(-1)?.id ?? null,
    ...(rootViewId !== undefined ? { rootViewId } : {}),
    ...(trigger.user !== undefined
      ? { user: trigger.user }
      : stack[0]?.user !== undefined
        ? { user: stack[0].user }
        : {}),
  });
  return { ok: true, view: record.view };
};

const update: MethodHandler = ({ ws, args }) => {
  const viewId = str(args, 'view_id');
  const externalId = str(args, 'external_id');
  if (viewId === undefined && externalId === undefined) return missing('view_id');
  const bad = checkView(args.view);
  if (bad) return bad;
  const record = viewId !== undefined ? ws.views.get(viewId) : ws.findViewByExternalId(externalId ?? '');
  if (!record) return fail('not_found');
  const hash = str(args, 'hash');
  if (hash !== undefined && hash !== record.hash) return fail('hash_conflict');
  const raw = args.view as Record<string, Json>;
  record.hash = makeViewHash();
  record.updates += 1;
  if (typeof raw.external_id === 'string' && raw.external_id !== '') record.externalId = raw.external_id;
  record.view = viewJson(ws, record, { ...raw, external_id: record.externalId ?? '' });
  return { ok: true, view: record.view };
};

/**
 * views.publish: creates or replaces the user's Home tab (https://api.slack.com/methods/views.publish). The
 * view keeps its id across publishes and gets a new hash each time; a `hash` argument that is not the current
 * one is a `hash_conflict`, and an app without a Home tab gets `not_enabled`.
 */
const publish: MethodHandler = ({ ws, args }) => {
  const userId = str(args, 'user_id');
  if (userId === undefined) return missing('user_id');
  const bad = checkView(args.view);
  if (bad) return bad;
  const raw = args.view as Record<string, Json>;
  if (raw.type !== 'home') return fail('invalid_arguments', ['[ERROR] must be one of: home [json-pointer:/view/type]']);
  const user = ws.users.get(userId);
  if (!user || user.is_bot) return fail('invalid_arguments', ['invalid `user_id`']);
  if (!ws.homeTabEnabled) return fail('not_enabled');
  const existing = ws.homes.get(userId);
  const hash = str(args, 'hash');
  if (hash !== undefined && existing && hash !== existing.hash) return fail('hash_conflict');
  if (typeof raw.external_id === 'string' && raw.external_id !== '') {
    const other = ws.findViewByExternalId(raw.external_id);
    if (other && other !== existing) return fail('duplicate_external_id');
  }
  if (!existing) {
    const id = ws.viewIds.next();
    const record: FakeView = {
      id,
      view: null,
      user: userId,
      openedAt: new Date(),
      updates: 0,
      hash: makeViewHash(),
      rootViewId: id,
      previousViewId: null,
    };
    if (typeof raw.external_id === 'string' && raw.external_id !== '') record.externalId = raw.external_id;
    record.view = viewJson(ws, record, raw);
    ws.homes.set(userId, record);
    return { ok: true, view: record.view };
  }
  existing.hash = makeViewHash();
  existing.updates += 1;
  if (typeof raw.external_id === 'string' && raw.external_id !== '') existing.externalId = raw.external_id;
  existing.view = viewJson(ws, existing, raw);
  return { ok: true, view: existing.view };
};

export const viewMethods: Record<string, MethodHandler> = {
  'views.open': open,
  'views.publish': publish,
  'views.push': push,
  'views.update': update,
};
