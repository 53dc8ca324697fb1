// The Slack fake in its own process for benchmarks, so it does not share the load generator's event loop.
// Prints its API URL and a response_url base as one JSON line, then serves until killed.
import { startSlackFake } from '../test/fakes/slack/index.js';
import { ADMIN, CHANNEL } from './support.js';

const fake = await startSlackFake({
  users: [{ id: ADMIN, name: 'ada', email: 'ada@corp.example', is_admin: true }],
  channels: [{ id: CHANNEL, name: 'bench', members: ['UBOT', ADMIN] }],
});
process.stdout.write(`${JSON.stringify({ apiUrl: fake.apiUrl, url: fake.url, responseUrl: fake.responseUrl() })}\n`);
process.on('SIGTERM', () => void fake.close().then(() => process.exit(0)));
