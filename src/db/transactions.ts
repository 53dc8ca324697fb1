// Options for a transaction whose size grows with an import (storing its rows, the last read-back of its
// batch adds): Prisma ends an interactive transaction after 5 s by default
// (https://www.prisma.io/docs/orm/prisma-client/queries/transactions#interactive-transactions), which
// 10,000 rows on a busy PostgreSQL outlast.
export const LARGE_TRANSACTION = { timeout: 120_000, maxWait: 10_000 };
