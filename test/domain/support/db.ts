// An embedded database for the domain rules that live in phonebot's records (holds, promised seats, the
// request row the engine commits to, the audit log): PGlite in memory, started from the migrated dump that
// test/global-setup.ts builds once per run, so opening one costs a fraction of a second.
import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type Database, type Db } from '../../../src/db/database.js';
import type { RequestEvent, RequestListener } from '../../../src/domain/provisioning/types.js';
import type { DriftNotice } from '../../../src/domain/drift.js';
import { createLogger } from '../../../src/log.js';
import { pgliteDump } from '../../support/database.js';

export const log = createLogger({ level: 'silent' });

/** Opens one database for the file's tests (and closes it after them); tests keep to their own e-mails and values. */
export function useDatabase(): { readonly db: Db } {
  let database: Database | undefined;
  beforeAll(async () => {
    database = await openDatabase({ dataDir: '', pglite: { memory: true, loadDataDir: pgliteDump() } });
  });
  afterAll(async () => {
    await database?.close();
  });
  return {
    get db() {
      if (!database) throw new Error('the database opens in beforeAll');
      return database.prisma;
    },
  };
}

/** What phonebot would tell Slack about requests and drift, recorded instead of rendered. */
export class RecordingListener implements RequestListener {
  readonly events: RequestEvent[] = [];
  readonly drift: DriftNotice[] = [];

  async onRequestEvent(_tx: unknown, event: RequestEvent): Promise<void> {
    this.events.push(event);
  }

  async onDrift(_tx: unknown, notice: DriftNotice): Promise<void> {
    this.drift.push(notice);
  }
}
