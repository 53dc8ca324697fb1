// The template behind `/phone csv template`: the canonical column names and two rows showing the usual
// cases (a new user with a calling plan and a given number; one whose number phonebot picks). The example
// addresses use example.com and the number is from the 555-01xx range reserved for fiction.
import { CANONICAL_HEADERS } from './headers.js';
import type { CsvField } from './types.js';

const ORDER = [
  'email',
  'firstName',
  'lastName',
  'extension',
  'plan',
  'number',
  'site',
  'template',
  'mode',
] as const satisfies readonly CsvField[];

const EXAMPLES: Record<(typeof ORDER)[number], string>[] = [
  {
    email: 'jane.doe@example.com',
    firstName: 'Jane',
    lastName: 'Doe',
    extension: '4021',
    plan: 'US/CA Unlimited Calling',
    number: '+14155550123',
    site: 'Main Site',
    template: '',
    mode: 'add',
  },
  {
    email: 'sam.lee@example.com',
    firstName: 'Sam',
    lastName: 'Lee',
    extension: '4022',
    plan: 'US/CA Unlimited Calling',
    number: 'auto',
    site: 'Main Site',
    template: '',
    mode: 'add',
  },
];

// Written by hand rather than with toCsv: toCsv would put an apostrophe before "+1…", and the template must
// show the number exactly as it should be typed.
export const TEMPLATE_CSV = `${[ORDER.map((f) => CANONICAL_HEADERS[f]), ...EXAMPLES.map((row) => ORDER.map((f) => row[f]))].map((cells) => cells.join(',')).join('\r\n')}\r\n`;
