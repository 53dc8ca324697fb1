import type { MethodHandler } from './method-context.js';

const test: MethodHandler = ({ ws }) => ({
  ok: true,
  url: 'https://fake-workspace.slack.invalid/',
  team: 'Fake Workspace',
  user: ws.users.get(ws.botUserId)?.name ?? 'phonebot',
  team_id: ws.teamId,
  user_id: ws.botUserId,
  bot_id: ws.botId,
  app_id: ws.appId,
  app_name: 'phonebot',
  is_enterprise_install: false,
});

const connectionsOpen: MethodHandler = ({ socketModeUrl, baseUrl }) => ({
  ok: true,
  url: socketModeUrl ?? `${baseUrl.replace(/^http/, 'ws')}/link/?ticket=fake-ticket`,
});

export const authMethods: Record<string, MethodHandler> = {
  'auth.test': test,
  'apps.connections.open': connectionsOpen,
};
