/**
 * Public types of the fake Slack Web API. Other test suites import these through `index.ts`,
 * so changes here are interface changes.
 */

// Slack payloads are open-ended JSON; `unknown` would force a cast at every assertion site.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface FakeUser {
  id: string;
  name: string;
  email?: string;
  is_admin?: boolean;
  is_owner?: boolean;
  is_bot?: boolean;
  deleted?: boolean;
  tz?: string;
  real_name?: string;
}

export interface FakeChannel {
  id: string;
  name: string;
  /** Must include the bot user id for the bot to post. */
  members: string[];
  is_im?: boolean;
  is_private?: boolean;
}

export interface SlackFakeOptions {
  port?: number;
  botToken?: string;
  appToken?: string;
  teamId?: string;
  botUserId?: string;
  botId?: string;
  users?: FakeUser[];
  usergroups?: Record<string, string[]>;
  channels?: FakeChannel[];
  /** Delay before every response (API and extra routes). */
  latencyMs?: number;
  /** Per-method Slack tier limits (429 + Retry-After); off by default, `injectFault` is the usual tool. */
  tierRateLimits?: boolean;
  /** URL handed out by apps.connections.open; this fake serves no WebSocket itself. */
  socketModeUrl?: string;
  /** The app's Home tab (manifest `features.app_home.home_tab_enabled`); off, views.publish answers `not_enabled`. Default on. */
  homeTabEnabled?: boolean;
}

export interface RecordedCall {
  method: string;
  /** Request arguments; JSON-valued fields (blocks, view, files, attachments, metadata) are parsed. */
  args: Record<string, Json>;
  token: string | undefined;
  at: Date;
  /** HTTP status the fake answered with (200 unless a fault or rate limit applied). */
  status: number;
  response: Json;
}

export interface MessageVersion {
  text: string;
  blocks?: Json[];
}

export interface FakeMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text: string;
  blocks?: Json[];
  attachments?: Json[];
  metadata?: Json;
  /** Poster: the bot user id for API posts, or whoever `postUserMessage` named. */
  user: string;
  bot_id?: string;
  updates: number;
  /** Every version in order, starting with the original post; the last entry is the current one. */
  history: MessageVersion[];
}

export interface FakeEphemeral {
  channel: string;
  user: string;
  text: string;
  blocks?: Json[];
  thread_ts?: string;
  message_ts: string;
}

export interface FakeResponsePost {
  id: string;
  body: Json;
  at: Date;
  /** HTTP status the fake answered with (404 once the URL is used up or expired). */
  status: number;
}

export interface DownloadRecord {
  fileId: string;
  /** Whether the request carried `Authorization: Bearer <botToken>` (else it got the login page). */
  authorized: boolean;
  /** Set when a `failDownloads` fault answered instead of the file. */
  fault?: DownloadFault['kind'];
  at: Date;
}

export interface FakeView {
  id: string;
  /** Current view object as views.* returned it (with id, hash, state, root_view_id ...). */
  view: Json;
  user?: string;
  openedAt: Date;
  updates: number;
  hash: string;
  rootViewId: string;
  previousViewId: string | null;
  externalId?: string;
}

export interface AddFileInput {
  name: string;
  content: string | Buffer;
  user: string;
  filetype?: string;
  mimetype?: string;
  channel?: string;
  size?: number;
  title?: string;
}

/** The files.info `file` object. */
export interface FakeFile {
  id: string;
  name: string;
  title: string;
  user: string;
  mimetype: string;
  filetype: string;
  size: number;
  url_private: string;
  url_private_download: string;
  [field: string]: Json;
}

export interface CompletedUpload {
  file_id: string;
  filename: string;
  content: Buffer;
  channel_id?: string;
  thread_ts?: string;
  initial_comment?: string;
  title?: string;
}

export interface ScheduledMessage {
  id: string;
  channel: string;
  post_at: number;
  text: string;
  blocks?: Json[];
  thread_ts?: string;
  date_created: number;
}

export type FaultKind = 'ratelimited' | 'http' | 'error';

export interface FaultSpec {
  /** API method name, `'*'` for every API method, or one of the extra routes: 'upload', 'files-pri', 'response'. */
  method: string;
  /** How many matching requests fail; default 1, `Infinity` until `clearFaults()`. */
  times?: number;
  kind: FaultKind;
  /** Seconds for the Retry-After header (kind 'ratelimited'); default 1. */
  retryAfter?: number;
  /** HTTP status (kind 'http'); default 500. */
  status?: number;
  /** Slack error code (kind 'error'); default 'internal_error'. */
  error?: string;
}

/** How a download of url_private / url_private_download fails (`failDownloads`). */
export interface DownloadFault {
  /** 'network': the connection is dropped; 'timeout': the file stalls part-way and never finishes;
   *  'login-page': a 200 HTML sign-in page instead of the file; 'http': an HTTP error status. */
  kind: 'network' | 'timeout' | 'login-page' | 'http';
  /** Only downloads of this file; default every file. */
  fileId?: string;
  /** How many downloads fail; default 1, `Infinity` until `clearFaults()`. */
  times?: number;
  /** HTTP status (kind 'http'); default 500. */
  status?: number;
}

/** One parameter of a custom step, as the manifest (v1) declares it under input_parameters / output_parameters. */
export interface FunctionParameter {
  type: string;
  title?: string;
  description?: string;
  is_required?: boolean;
  hint?: string;
}

/** A custom step as the app's manifest declares it (`functions.<callback_id>`). */
export interface FunctionDefinition {
  title: string;
  description?: string;
  input_parameters: Record<string, FunctionParameter>;
  output_parameters: Record<string, FunctionParameter>;
}

export interface StartFunctionInput {
  callbackId: string;
  inputs: Record<string, Json>;
  /** The step's manifest entry: the event carries it, and functions.completeSuccess outputs are checked against it. */
  definition?: FunctionDefinition;
}

/** One run of a custom step inside a workflow, from function_executed to functions.complete*. */
export interface FakeFunctionExecution {
  id: string;
  workflowExecutionId: string;
  callbackId: string;
  inputs: Record<string, Json>;
  /** The short-lived token the event hands the app (bot_access_token). */
  workflowToken: string;
  definition?: FunctionDefinition;
  state: 'running' | 'completed' | 'failed';
  outputs?: Record<string, Json>;
  error?: string;
  /** The token the completing call was made with. */
  completedWith?: string;
  startedAt: Date;
  endedAt?: Date;
}

export interface WaitForOptions {
  timeoutMs?: number;
  message?: string;
  intervalMs?: number;
}

export interface TriggerContext {
  /** User the interaction came from; becomes the `user` of views opened with it. */
  user?: string;
  /** Modal the interaction happened in; views.push stacks onto it. */
  viewId?: string;
}

export interface SlackFake {
  readonly url: string;
  readonly apiUrl: string;
  readonly calls: RecordedCall[];
  messages(channel?: string): FakeMessage[];
  ephemerals(channel?: string): FakeEphemeral[];
  responses(): FakeResponsePost[];
  responseUrl(): string;
  triggerId(context?: TriggerContext): string;
  views(): FakeView[];
  /** The Home tab view views.publish last published for this user (`updates` counts the publishes after the first). */
  homeView(userId: string): FakeView | undefined;
  dms(userId: string): FakeMessage[];
  addFile(file: AddFileInput): FakeFile;
  uploads(): CompletedUpload[];
  injectFault(fault: FaultSpec): void;
  /** Makes the next download(s) of a file fail; recorded in `downloads()` like any other. */
  failDownloads(fault: DownloadFault): void;
  /** Clears injected API faults and download faults. */
  clearFaults(): void;
  waitFor<T>(
    predicate: () => T | undefined | false | null | Promise<T | undefined | false | null>,
    opts?: WaitForOptions,
  ): Promise<T>;
  close(): Promise<void>;

  /** Seeds a message written by a person (not the bot), e.g. to provoke `cant_update_message`. */
  postUserMessage(msg: { channel: string; user: string; text: string; thread_ts?: string }): FakeMessage;
  scheduledMessages(channel?: string): ScheduledMessage[];
  /** Posts every scheduled message whose post_at is at or before `at` (default now); returns them. */
  deliverDueScheduled(at?: Date): FakeMessage[];
  /** The DM channel id conversations.open gives (or will give) for this user. */
  dmChannelId(userId: string): string;
  /** GETs of url_private / url_private_download, authorized or not. */
  downloads(): DownloadRecord[];
  /**
   * Starts a run of the app's custom step, as a workflow reaching it does: returns the execution and the
   * signed-ready function_executed envelope to send to the app (sendEvent).
   */
  startFunction(input: StartFunctionInput): { execution: FakeFunctionExecution; envelope: object };
  /** Every custom step run started, with how it ended (functions.completeSuccess / completeError). */
  functionExecutions(): FakeFunctionExecution[];
}
