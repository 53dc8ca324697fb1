// One schema per JSON column and per status/kind column of prisma/schema.prisma, and the helpers that
// read them (parsed once where read, a clear StoredShapeError naming the row otherwise) and write them.
export * from './json.js';
export * from './statuses.js';
export * from './phone-snapshot.js';
export * from './request-desired.js';
export * from './request-progress.js';
export * from './batch.js';
export * from './slack-message.js';
export * from './audit-json.js';
