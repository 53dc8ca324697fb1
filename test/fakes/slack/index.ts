export { startSlackFake, DEFAULT_BOT_TOKEN, DEFAULT_APP_TOKEN } from './fake-server.js';
export type {
  AddFileInput,
  CompletedUpload,
  DownloadFault,
  DownloadRecord,
  FakeChannel,
  FakeEphemeral,
  FakeFile,
  FakeMessage,
  FakeResponsePost,
  FakeUser,
  FakeView,
  FaultKind,
  FaultSpec,
  Json,
  MessageVersion,
  RecordedCall,
  ScheduledMessage,
  SlackFake,
  SlackFakeOptions,
  TriggerContext,
  WaitForOptions,
} from './types.js';
export {
  FORM_CONTENT_TYPE,
  SLACK_USER_AGENT,
  signRequest,
  sendCommand,
  sendAction,
  sendViewSubmission,
  sendEvent,
} from './signing.js';
export type { CommandInput, EventSendOptions, SendOptions, SendResult } from './signing.js';
export {
  DEFAULT_API_APP_ID,
  DEFAULT_BOT_ID,
  DEFAULT_BOT_USER_ID,
  DEFAULT_TEAM_ID,
  UNSET_RESPONSE_URL,
  VERIFICATION_TOKEN,
  blockActionsPayload,
  eventEnvelope,
  fileSharedEnvelope,
  placeholderTriggerId,
  viewSubmissionPayload,
} from './payloads.js';
export type { BlockActionsArgs, EventEnvelopeArgs, FileSharedArgs, ViewSubmissionArgs } from './payloads.js';
