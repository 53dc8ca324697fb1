// The Slack app manifests are valid per Slack's schema and match what the code needs: the /phone
// command, the events it listens to, and a scope for every Web API method it calls.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import AjvImport from 'ajv';
import addFormatsImport from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '..');
const schema = JSON.parse(
  readFileSync(path.join(root, 'test/contracts/slack/manifest.schema.1.0.0.json'), 'utf8'),
) as object;
// ajv and ajv-formats are CommonJS: under NodeNext their constructors sit on `.default`.
const ajv = new AjvImport.default({ strict: false, allErrors: true });
addFormatsImport.default(ajv);
const validate = ajv.compile(schema);

function sources(dir: string): string {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter(
      (e) =>
        e.isFile() &&
        e.name.endsWith('.ts') &&
        !e.parentPath.includes('generated') &&
        !e.parentPath.includes('emulator'),
    )
    .map((e) => readFileSync(path.join(e.parentPath, e.name), 'utf8'))
    .join('\n');
}
const code = sources(path.join(root, 'src'));

// Bot scope each Web API method needs (Slack method docs).
const SCOPE_OF: Record<string, string> = {
  'chat.postMessage': 'chat:write',
  'chat.update': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'conversations.open': 'im:write',
  'users.info': 'users:read',
  'users.lookupByEmail': 'users:read.email',
  'usergroups.users.list': 'usergroups:read',
  'files.info': 'files:read',
  'files.getUploadURLExternal': 'files:write',
  'files.completeUploadExternal': 'files:write',
  filesUploadV2: 'files:write',
};

describe.each(['slack-app.yaml', 'slack-app.socket-mode.yaml'])('manifests/%s', (file) => {
  const manifest = parse(readFileSync(path.join(root, 'manifests', file), 'utf8')) as {
    features: { slash_commands: { command: string; url?: string }[]; app_home?: { home_tab_enabled?: boolean } };
    oauth_config: { scopes: { bot: string[] } };
    settings: {
      event_subscriptions?: { bot_events?: string[] };
      interactivity: { is_enabled: boolean };
      socket_mode_enabled: boolean;
    };
  };

  it("is valid per Slack's manifest schema", () => {
    const ok = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('declares the /phone command the app registers, and interactivity for its buttons and modals', () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(['/phone']);
    expect(code).toContain("app.command('/phone'");
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it('subscribes to exactly the events the app listens to', () => {
    const listened = [...code.matchAll(/app\.event\('([a-z_]+)'/g)].map((m) => m[1]).sort();
    expect((manifest.settings.event_subscriptions?.bot_events ?? []).slice().sort()).toEqual(listened);
  });

  it('enables the Home tab the app publishes (views.publish answers not_enabled otherwise)', () => {
    expect(code).toContain('views.publish(');
    expect(manifest.features.app_home?.home_tab_enabled).toBe(true);
  });

  it('has a scope for every Web API method the code calls', () => {
    const called = Object.keys(SCOPE_OF).filter(
      (m) => code.includes(`.${m}(`) || code.includes(`client.${m.split('.').join('.')}`),
    );
    expect(called.length).toBeGreaterThan(0);
    const missing = called.filter((m) => !manifest.oauth_config.scopes.bot.includes(SCOPE_OF[m]!));
    expect(missing).toEqual([]);
  });

  it('matches its mode', () => {
    const socket = file.includes('socket');
    expect(manifest.settings.socket_mode_enabled).toBe(socket);
    expect(manifest.features.slash_commands.every((c) => (c.url === undefined) === socket)).toBe(true);
  });
});
