import { IdSequence, TsClock, makeTriggerId, randomHex } from './ids.js';
import type {
  CompletedUpload,
  FakeChannel,
  FakeEphemeral,
  FakeFile,
  FakeFunctionExecution,
  FakeMessage,
  FakeResponsePost,
  FakeUser,
  FakeView,
  Json,
  ScheduledMessage,
  TriggerContext,
} from './types.js';

/** Slack: trigger ids are valid for 3 seconds and can be exchanged once. */
export const TRIGGER_TTL_MS = 3000;
/** Slack: a modal stack holds at most 3 views. */
export const VIEW_STACK_MAX = 3;
/** Slack: a response_url takes at most 5 posts within 30 minutes. */
export const RESPONSE_URL_MAX_POSTS = 5;
export const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;

export interface TriggerRecord extends TriggerContext {
  id: string;
  createdAt: number;
  used: boolean;
}

export interface StoredFile {
  file: FakeFile;
  content: Buffer;
}

export interface PendingUpload {
  fileId: string;
  filename: string;
  length: number;
  content?: Buffer;
  completed: boolean;
}

export interface WorkspaceConfig {
  teamId: string;
  botUserId: string;
  botId: string;
  appId: string;
  users: FakeUser[];
  usergroups: Record<string, string[]>;
  channels: FakeChannel[];
  homeTabEnabled?: boolean;
}

export type ChannelCheck = { channel: FakeChannel } | { error: 'channel_not_found' | 'not_in_channel' };

/** All mutable state of the fake workspace; method handlers read and change it. */
export class Workspace {
  readonly teamId: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly appId: string;
  baseUrl = '';

  readonly users = new Map<string, FakeUser>();
  readonly channels = new Map<string, FakeChannel>();
  readonly usergroups = new Map<string, string[]>();
  readonly messages: FakeMessage[] = [];
  readonly ephemerals: FakeEphemeral[] = [];
  readonly views = new Map<string, FakeView>();
  /** Published Home tabs by user id (views.publish); kept apart from modals, which `views` holds. */
  readonly homes = new Map<string, FakeView>();
  readonly homeTabEnabled: boolean;
  readonly triggers = new Map<string, TriggerRecord>();
  readonly files = new Map<string, StoredFile>();
  readonly pendingUploads = new Map<string, PendingUpload>();
  readonly completedUploads: CompletedUpload[] = [];
  readonly responsePosts: FakeResponsePost[] = [];
  readonly responseUrls = new Map<string, { createdAt: number; posts: number }>();
  readonly scheduled = new Map<string, ScheduledMessage>();
  readonly functionExecutions = new Map<string, FakeFunctionExecution>();

  readonly ts = new TsClock();
  readonly fileIds = new IdSequence('F');
  readonly viewIds = new IdSequence('V');
  readonly scheduledIds = new IdSequence('Q');
  readonly functionExecutionIds = new IdSequence('Fx');
  readonly workflowExecutionIds = new IdSequence('Wx');
  private readonly dmByUser = new Map<string, string>();
  private triggerSeq = 0;

  constructor(config: WorkspaceConfig) {
    this.teamId = config.teamId;
    this.botUserId = config.botUserId;
    this.botId = config.botId;
    this.appId = config.appId;
    this.homeTabEnabled = config.homeTabEnabled ?? true;
    for (const u of config.users) this.users.set(u.id, { ...u });
    if (!this.users.has(this.botUserId)) {
      this.users.set(this.botUserId, { id: this.botUserId, name: 'phonebot', is_bot: true });
    }
    for (const [id, members] of Object.entries(config.usergroups)) this.usergroups.set(id, [...members]);
    for (const c of config.channels) this.channels.set(c.id, { ...c, members: [...c.members] });
  }

  /** Accepts an id, or a name with or without '#', as chat.postMessage does. */
  findChannel(ref: string): FakeChannel | undefined {
    const byId = this.channels.get(ref);
    if (byId) return byId;
    const name = ref.startsWith('#') ? ref.slice(1) : ref;
    for (const c of this.channels.values()) if (!c.is_im && c.name === name) return c;
    return undefined;
  }

  /** Where the bot may post: the channel must exist and list the bot as a member. */
  checkBotCanPost(ref: string | undefined): ChannelCheck {
    const channel = ref === undefined ? undefined : this.findChannel(ref);
    if (!channel) return { error: 'channel_not_found' };
    if (!channel.members.includes(this.botUserId)) return { error: 'not_in_channel' };
    return { channel };
  }

  dmChannelId(userId: string): string {
    const existing = this.dmByUser.get(userId);
    if (existing) return existing;
    let id = `D${userId.replace(/^[UW]/, '')}`;
    while (this.channels.has(id)) id = `${id}X`;
    this.channels.set(id, { id, name: userId, members: [this.botUserId, userId], is_im: true });
    this.dmByUser.set(userId, id);
    return id;
  }

  hasDm(userId: string): boolean {
    return this.dmByUser.has(userId);
  }

  dmUserOf(channelId: string): string | undefined {
    for (const [user, id] of this.dmByUser) if (id === channelId) return user;
    return undefined;
  }

  findMessage(channel: string, ts: string): FakeMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts);
  }

  addMessage(msg: {
    channel: string;
    user: string;
    text: string;
    blocks?: Json[];
    attachments?: Json[];
    metadata?: Json;
    thread_ts?: string;
  }): FakeMessage {
    const message: FakeMessage = {
      channel: msg.channel,
      ts: this.ts.next(),
      text: msg.text,
      user: msg.user,
      updates: 0,
      history: [],
    };
    if (msg.thread_ts !== undefined) message.thread_ts = msg.thread_ts;
    if (msg.blocks !== undefined) message.blocks = msg.blocks;
    if (msg.attachments !== undefined) message.attachments = msg.attachments;
    if (msg.metadata !== undefined) message.metadata = msg.metadata;
    if (msg.user === this.botUserId) message.bot_id = this.botId;
    message.history.push(versionOf(message));
    this.messages.push(message);
    return message;
  }

  updateMessage(message: FakeMessage, change: { text?: string; blocks?: Json[]; attachments?: Json[] }): void {
    if (change.text !== undefined) message.text = change.text;
    // chat.update keeps the previous blocks unless `blocks` is sent; `[]` removes them.
    if (change.blocks !== undefined) {
      if (change.blocks.length === 0) delete message.blocks;
      else message.blocks = change.blocks;
    }
    if (change.attachments !== undefined) message.attachments = change.attachments;
    message.updates += 1;
    message.history.push(versionOf(message));
  }

  deleteMessage(message: FakeMessage): void {
    const i = this.messages.indexOf(message);
    if (i >= 0) this.messages.splice(i, 1);
  }

  issueTrigger(context: TriggerContext = {}): string {
    this.triggerSeq += 1;
    const id = makeTriggerId(this.triggerSeq);
    this.triggers.set(id, { id, createdAt: Date.now(), used: false, ...context });
    return id;
  }

  /** Validates and spends a trigger id the way views.open / views.push do. */
  exchangeTrigger(id: string | undefined, now: number): TriggerRecord | { error: string } {
    const trigger = id === undefined ? undefined : this.triggers.get(id);
    if (!trigger) return { error: 'invalid_trigger_id' };
    if (trigger.used) return { error: 'exchanged_trigger_id' };
    if (now - trigger.createdAt > TRIGGER_TTL_MS) return { error: 'expired_trigger_id' };
    trigger.used = true;
    return trigger;
  }

  issueResponseUrl(): string {
    const id = `${this.teamId}-${this.responseUrls.size + 1}-${randomHex(12)}`;
    this.responseUrls.set(id, { createdAt: Date.now(), posts: 0 });
    return `${this.baseUrl}/response/${id}`;
  }

  findViewByExternalId(externalId: string): FakeView | undefined {
    for (const v of [...this.views.values(), ...this.homes.values()]) if (v.externalId === externalId) return v;
    return undefined;
  }

  viewStack(rootViewId: string): FakeView[] {
    return [...this.views.values()].filter((v) => v.rootViewId === rootViewId);
  }

  latestRootFor(user: string | undefined): string | undefined {
    const all = [...this.views.values()];
    const mine = user === undefined ? all : all.filter((v) => v.user === user);
    return (mine.at(-1) ?? all.at(-1))?.rootViewId;
  }

  /** The run whose event handed out this workflow token, if any. */
  executionOfToken(token: string): FakeFunctionExecution | undefined {
    for (const e of this.functionExecutions.values()) if (e.workflowToken === token) return e;
    return undefined;
  }

  /** Channels a member of which is this user (DMs included). */
  isMember(channel: FakeChannel, userId: string): boolean {
    return channel.members.includes(userId);
  }
}

function versionOf(m: FakeMessage): { text: string; blocks?: Json[] } {
  return m.blocks === undefined ? { text: m.text } : { text: m.text, blocks: m.blocks };
}
