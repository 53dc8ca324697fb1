// Every Slack entry point, registered in one place (as Slack's bolt-ts-starter-template does): one folder
// per kind of listener, each with its own register(app, ctx). Returns what was registered, so the
// authorisation table (test/e2e/authz.test.ts) can insist on a rule for each.
import type { App } from '@slack/bolt';
import type { SlackContext } from '../context.js';
import type { HomeRefresher } from '../home-refresh.js';
import { register as registerActions } from './actions/index.js';
import { bulkButtons } from './actions/bulk.js';
import { driftButtons } from './actions/drift.js';
import { lifecycleButtons } from './actions/lifecycle.js';
import { register as registerCommands } from './commands/index.js';
import { csvCommands } from './commands/csv.js';
import { driftCommands } from './commands/drift.js';
import { exportCommands } from './commands/export.js';
import { profileCommands } from './commands/profiles.js';
import { lifecycleCommands, lifecycleConfirmations } from './commands/lifecycle.js';
import { register as registerEvents } from './events/index.js';
import { register as registerFunctions } from './functions/index.js';
import { homeButtons, register as registerHome } from './home/index.js';
import { register as registerShortcuts } from './shortcuts/index.js';
import { register as registerViews } from './views/index.js';

/** Every Slack entry point the app registered (test/e2e/authz.test.ts holds a rule for each). */
export interface Listeners {
  commands: string[];
  actions: string[];
  views: string[];
  events: string[];
  shortcuts: string[];
  /** Workflow Builder custom steps (app.function callback ids). */
  functions: string[];
}

export function registerListeners(app: App, ctx: SlackContext, home: HomeRefresher): Listeners {
  return {
    commands: registerCommands(app, ctx, {
      ...lifecycleCommands,
      ...csvCommands,
      ...driftCommands,
      ...exportCommands,
      ...profileCommands,
    }),
    actions: registerActions(app, ctx, { ...lifecycleButtons, ...bulkButtons, ...driftButtons, ...homeButtons }),
    views: registerViews(app, ctx, lifecycleConfirmations),
    events: [...registerEvents(app, ctx), ...registerHome(app, ctx, home)],
    shortcuts: registerShortcuts(app, ctx),
    functions: registerFunctions(app, ctx),
  };
}
