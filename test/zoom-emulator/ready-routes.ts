import { ROUTES } from '../../src/zoom/emulator/index.js';

/**
 * Routes for the "ready to take calls" parts (issue 15): emergency addresses, site detail, desk phones,
 * call queues, shared line groups, phone user settings. Their contract tests live in
 * contract-ready.test.ts; contract.test.ts covers the rest.
 */
export const READY_ROUTE_KEYS: ReadonlySet<string> = new Set(
  ROUTES.map((r) => `${r.method} ${r.pattern}`).filter(
    (k) =>
      /\/phone\/(emergency_addresses|devices|provision_templates|call_queues|shared_line_groups)/.test(k) ||
      k === 'GET /phone/sites/{siteId}' ||
      /\/phone\/users\/\{userId\}\/(settings|outbound_caller_id)/.test(k),
  ),
);
