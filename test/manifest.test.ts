// The Slack app manifests are valid per Slack's schema and match what the code needs: the /phone
// command, the events it listens to, the workflow steps it handles, and a scope for every Web API method it calls.
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

/** The string a `export const NAME = '…'` in src/ holds (app.function is called with a named callback id). */
function constantValue(name: string): string {
  const m = new RegExp(`export const ${name} = '([a-z_]+)'`).exec(code);
  if (!m) throw new Error(`no string constant ${name} in src/`);
  return m[1]!;
}

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
      org_deploy_enabled?: boolean;
      function_runtime?: string;
    };
    functions?: Record<string, { input_parameters: Record<string, object>; output_parameters: Record<string, object> }>;
  };
  const registeredFunctions = [...code.matchAll(/app\.function\(([A-Z_]+|'[a-z_]+')/g)].map((m) =>
    m[1]!.startsWith("'") ? m[1]!.slice(1, -1) : constantValue(m[1]!),
  );

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

  it('declares exactly the message shortcuts the app registers', () => {
    const declared = (manifest.features as { shortcuts?: { callback_id: string; type: string }[] }).shortcuts ?? [];
    const registered = [...code.matchAll(/SHORTCUT_[A-Z_]+ = '([a-z_]+)'/g)].map((m) => m[1]).sort();
    expect(declared.map((s) => s.callback_id).sort()).toEqual(registered);
    expect(registered.length).toBeGreaterThan(0);
    expect(declared.every((s) => s.type === 'message')).toBe(true);
  });

  it('subscribes to exactly the events the app listens to', () => {
    // app.function() listens to function_executed (Bolt's CustomFunction) without an app.event call.
    const listened = [
      ...[...code.matchAll(/app\.event\('([a-z_]+)'/g)].map((m) => m[1]),
      ...(registeredFunctions.length ? ['function_executed'] : []),
    ].sort();
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

  it('declares exactly the workflow steps the app handles, org-ready and with a remote runtime', () => {
    expect(registeredFunctions).toEqual(['provision_phone_user']);
    expect(Object.keys(manifest.functions ?? {}).sort()).toEqual([...registeredFunctions].sort());
    // https://docs.slack.dev/tools/bolt-js/tutorials/custom-steps: org-ready apps only; "remote" for self-hosted steps.
    expect(manifest.settings.org_deploy_enabled).toBe(true);
    expect(manifest.settings.function_runtime).toBe('remote');
    const step = manifest.functions!.provision_phone_user!;
    expect(Object.keys(step.input_parameters)).toEqual(['email', 'profile_or_plan', 'extension', 'requester']);
    expect(step.input_parameters.requester).toMatchObject({ type: 'slack#/types/user_id', is_required: true });
    expect(step.input_parameters.email).toMatchObject({ type: 'string', is_required: true });
    expect(Object.keys(step.output_parameters)).toEqual(['extension', 'direct_number', 'status']);
  });

  it('matches its mode', () => {
    const socket = file.includes('socket');
    expect(manifest.settings.socket_mode_enabled).toBe(socket);
    expect(manifest.features.slash_commands.every((c) => (c.url === undefined) === socket)).toBe(true);
  });
});
