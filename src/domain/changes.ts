// Who a change concerns, told to whoever keeps a view of the account up to date (the App Home refresher).
// It wraps the request listener every change already goes through, so no use case has to remember to call
// it: a request event (created, decided, provisioned, removed, restored) or an adopted drift is a change.
// Subscribers are told after the listener ran, inside the transaction's callback; they must only note the
// change (the refresher reads the database later, after a debounce, when the transaction has committed).
import type { DriftNotice } from './drift.js';
import type { RequestEvent, RequestListener, Tx } from './provisioning/types.js';

export interface Change {
  /** The Slack user who asked, when the change is a request's. */
  requestedBy?: string;
  /** The person whose phone it is about. */
  email?: string;
}

export type ChangeSubscriber = (change: Change) => void;

export class ChangeFeed implements RequestListener {
  private readonly subscribers = new Set<ChangeSubscriber>();

  constructor(private readonly inner: RequestListener) {}

  subscribe(fn: ChangeSubscriber): () => void {
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  }

  async onRequestEvent(tx: Tx, event: RequestEvent): Promise<void> {
    await this.inner.onRequestEvent(tx, event);
    this.tell({ requestedBy: event.request.requestedBy, email: event.request.email });
  }

  async onDrift(tx: Tx, notice: DriftNotice): Promise<void> {
    await this.inner.onDrift(tx, notice);
    this.tell({ email: notice.target });
  }

  /** A change that is no request's (a drift report was recorded): told like the others. */
  changed(change: Change = {}): void {
    this.tell(change);
  }

  private tell(change: Change): void {
    // A subscriber's fault must never roll back the change it is told about.
    for (const fn of this.subscribers) {
      try {
        fn(change);
      } catch {
        /* the subscriber logs its own failures */
      }
    }
  }
}
