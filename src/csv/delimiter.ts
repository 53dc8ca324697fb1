// The delimiter is read off the header line: Excel writes `;` where the decimal separator is a comma
// (most of Europe) and tabs for "Unicode Text", and an admin should not have to know which one they saved.

export const DELIMITERS = [',', ';', '\t'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** The first line with any content (any line ending), or undefined while `text` may still be incomplete. */
export function firstLine(text: string, complete: boolean): string | undefined {
  const lineBreak = /\r\n?|\n/g;
  let start = 0;
  for (let m = lineBreak.exec(text); m; m = lineBreak.exec(text)) {
    const line = text.slice(start, m.index);
    if (line.trim() !== '') return line;
    start = m.index + m[0].length;
  }
  return complete ? text.slice(start) : undefined;
}

/** The candidate that occurs most often outside quotes; a comma when there is none (a one-column file). */
export function detectDelimiter(headerLine: string): Delimiter {
  const counts = new Map<string, number>();
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best: Delimiter = ',';
  let bestCount = 0;
  for (const d of DELIMITERS) {
    const n = counts.get(d) ?? 0;
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}
