import { authMethods } from './auth.js';
import { chatMethods } from './chat.js';
import { conversationMethods } from './conversations.js';
import { fileMethods } from './files.js';
import { functionMethods } from './functions.js';
import type { MethodHandler } from './method-context.js';
import { userMethods } from './users.js';
import { viewMethods } from './views.js';

export const METHODS: Readonly<Record<string, MethodHandler>> = {
  ...authMethods,
  ...chatMethods,
  ...conversationMethods,
  ...fileMethods,
  ...functionMethods,
  ...userMethods,
  ...viewMethods,
};

/** Methods that take the app-level (xapp-) token instead of the bot token. */
export const APP_TOKEN_METHODS: ReadonlySet<string> = new Set(['apps.connections.open']);
