// The shortcut reads the addresses Slack itself linked in a message, once each, in message order.
import { describe, expect, it } from 'vitest';
import { emailsInMessage } from '../../src/slack/message-emails.js';

describe('emailsInMessage', () => {
  it('reads two addresses from an HR onboarding post', () => {
    const text =
      'Welcome <mailto:Jane.Doe@corp.com|Jane.Doe@corp.com> and <mailto:raj@corp.com|raj@corp.com> (starting Monday)!';
    expect(emailsInMessage(text)).toEqual(['jane.doe@corp.com', 'raj@corp.com']);
  });

  it('uses the link target, not a disguised label, and ignores plain text that Slack did not link', () => {
    expect(emailsInMessage('<mailto:real@corp.com|boss@corp.com> and typed ghost@corp.com')).toEqual(['real@corp.com']);
  });

  it('deduplicates, skips malformed targets and caps the count', () => {
    expect(
      emailsInMessage('<mailto:a@corp.com|a> <mailto:A@corp.com|A> <mailto:nope|nope> <mailto:%E0%A4%A@corp.com|x>'),
    ).toEqual(['a@corp.com']);
    const many = Array.from({ length: 15 }, (_, i) => `<mailto:u${i}@corp.com|u${i}@corp.com>`).join(' ');
    expect(emailsInMessage(many)).toHaveLength(10);
  });
});
