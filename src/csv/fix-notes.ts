// Why a cell's value changed between the file and what phonebot will use: the preview lists every change
// so the admin can check it ("4155550100 → +14155550100: added country code +1") instead of discovering it
// in Zoom later.
import type { CsvField } from './types.js';

function numberNote(from: string, to: string, defaultCountry: string): string {
  if (to === 'auto') return 'lower-cased';
  const text = from.replace(/^'\s*/, '');
  const notes: string[] = [];
  if (text !== from) notes.push('removed the leading apostrophe');
  const digits = text.replace(/\D/g, '');
  if (/^\d+$/.test(text) && to === `+${text}`) notes.push('added the + that Excel drops from international numbers');
  else if (text.startsWith('+') && to === `+${digits}`) notes.push('removed spaces and punctuation');
  else if (!text.startsWith('+') && to.endsWith(digits) && to.length > digits.length + 1) {
    notes.push(`added country code +${to.slice(1, to.length - digits.length)} (numbers without one are read as ${defaultCountry} numbers)`);
  } else if (text !== to) notes.push('converted to international format (+ and country code)');
  return notes.join('; ');
}

export function fixNote(field: CsvField, from: string, to: string, defaultCountry: string): string {
  switch (field) {
    case 'number':
      return numberNote(from, to, defaultCountry);
    case 'extension':
      return from.startsWith("'") ? 'removed the leading apostrophe' : 'removed the ".0" Excel adds to numbers';
    case 'email':
    case 'mode':
      return from.toLowerCase() === to ? 'lower-cased' : 'normalised';
    default:
      return 'normalised';
  }
}
