// Why a cell's value changed between the file and what phonebot will use: the preview lists every change
// so the admin can check it ("4155550100 → +14155550100: added country code +1") instead of discovering it
// in Zoom later.
import type { CsvField } from './types.js';

function numberChange(text: string, to: string, defaultCountry: string): string {
  const digits = text.replace(/\D/g, '');
  if (/^\d+$/.test(text) && to === `+${text}`) return 'added the + that Excel drops from international numbers';
  if (text.startsWith('+') && to === `+${digits}`) return 'removed spaces and punctuation';
  if (!text.startsWith('+') && to.endsWith(digits) && to.length > digits.length + 1) {
    return `added country code +${to.slice(1, to.length - digits.length)} (numbers without one are read as ${defaultCountry} numbers)`;
  }
  return 'converted to international format (+ and country code)';
}

function numberNote(from: string, to: string, defaultCountry: string): string {
  if (to === 'auto') return 'lower-cased';
  const text = from.replace(/^'\s*/, '');
  const notes = text !== from ? ['removed the leading apostrophe'] : [];
  if (text !== to) notes.push(numberChange(text, to, defaultCountry));
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
