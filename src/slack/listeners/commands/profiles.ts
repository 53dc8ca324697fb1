// `/phone profiles`: the role profiles and what each gives, checked against Zoom now (a stale one is marked).
import { checkProfiles } from '../../../domain/profiles/check.js';
import { reply } from '../../context.js';
import { profilesMessage } from '../../render/profiles.js';
import type { CommandHandlers } from './index.js';

export const profileCommands: CommandHandlers = {
  // Anyone who may ask for a phone picks a profile in the request form, so anyone may read them.
  profiles: async ({ ctx, respond }) => {
    const states = await checkProfiles(ctx.s);
    await respond({ response_type: 'ephemeral', ...reply(ctx, profilesMessage(states, ctx.s.profiles.path)) });
    return 'ok';
  },
};
