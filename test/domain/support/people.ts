// The chat workspace's view of people (src/domain/ports.ts People and Clock), in memory: who is an approver,
// each person's e-mail, and people whose e-mail lookup fails (Slack's users.info answering an error).
import type { Clock, People } from '../../../src/domain/ports.js';

export class MemoryPeople implements People {
  readonly approvers = new Set<string>();
  readonly emails = new Map<string, string>();
  /** User id → the error Slack answers when phonebot reads their e-mail. */
  readonly lookupErrors = new Map<string, string>();
  readonly lookups: string[] = [];

  approver(userId: string, email: string): this {
    this.approvers.add(userId);
    this.emails.set(userId, email);
    return this;
  }

  member(userId: string, email: string): this {
    this.emails.set(userId, email);
    return this;
  }

  async isApprover(userId: string): Promise<boolean> {
    return this.approvers.has(userId);
  }

  async lookupEmail(userId: string): Promise<{ ok: true; email: string } | { ok: false; error: string }> {
    this.lookups.push(userId);
    const error = this.lookupErrors.get(userId);
    if (error) return { ok: false, error };
    const email = this.emails.get(userId);
    return email ? { ok: true, email } : { ok: false, error: 'users_not_found' };
  }
}

/** A clock that stands still until a test moves it. */
export class FixedClock implements Clock {
  private at: number;

  constructor(iso = '2025-03-04T10:00:00.000Z') {
    this.at = Date.parse(iso);
  }

  now(): Date {
    return new Date(this.at);
  }

  advance(ms: number): void {
    this.at += ms;
  }
}
