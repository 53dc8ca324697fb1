import { buildUserObject } from '../user-object.js';
import type { FakeUser } from '../types.js';
import type { Workspace } from '../workspace.js';
import { bool, fail, str, type MethodHandler } from './method-context.js';

function userJson(ws: Workspace, user: FakeUser, includeLocale: boolean): ReturnType<typeof buildUserObject> {
  return buildUserObject(user, {
    teamId: ws.teamId,
    botId: ws.botId,
    appId: ws.appId,
    botUserId: ws.botUserId,
    includeLocale,
  });
}

const info: MethodHandler = ({ ws, args }) => {
  const id = str(args, 'user');
  const user = id === undefined ? undefined : ws.users.get(id);
  if (!user) return fail('user_not_found');
  return { ok: true, user: userJson(ws, user, bool(args, 'include_locale')) };
};

// Deactivated users are still returned (with deleted: true), so callers must check `deleted`.
const lookupByEmail: MethodHandler = ({ ws, args }) => {
  const email = str(args, 'email')?.toLowerCase();
  const user = email === undefined ? undefined : [...ws.users.values()].find((u) => u.email?.toLowerCase() === email);
  if (!user) return fail('users_not_found');
  return { ok: true, user: userJson(ws, user, false) };
};

const usergroupUsers: MethodHandler = ({ ws, args }) => {
  const id = str(args, 'usergroup');
  const members = id === undefined ? undefined : ws.usergroups.get(id);
  if (!members) return fail('no_such_subteam');
  return { ok: true, users: [...members] };
};

export const userMethods: Record<string, MethodHandler> = {
  'users.info': info,
  'users.lookupByEmail': lookupByEmail,
  'usergroups.users.list': usergroupUsers,
};
