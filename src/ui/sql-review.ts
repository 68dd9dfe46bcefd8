// SQL from a link shown as it is (issue #11, finding 4): a statement's text with what hides text made
// visible. A run of blank lines (pushing a statement below the fold) becomes one marker that counts them,
// and invisible or direction-changing characters (zero-width spaces, bidirectional overrides that make
// text read in another order than it runs) become their code point.

export type Part =
  { kind: 'text'; text: string } | { kind: 'blank'; lines: number } | { kind: 'invisible'; code: string };

/** Blank lines in a row shown as they are; more than this become a marker. */
const BLANK_RUN = 2;

/** Code points (and ranges) that draw nothing or reorder text: soft hyphen, joiners, bidi controls... */
const INVISIBLE: [number, number][] = [
  [0x00ad, 0x00ad],
  [0x034f, 0x034f],
  [0x061c, 0x061c],
  [0x115f, 0x1160],
  [0x17b4, 0x17b5],
  [0x180e, 0x180e],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x206f],
  [0x3164, 0x3164],
  [0xfeff, 0xfeff],
  [0xffa0, 0xffa0],
];
const invisible = (code: number) => INVISIBLE.some(([from, to]) => code >= from && code <= to);

export function reviewParts(text: string): Part[] {
  const parts: Part[] = [];
  const push = (t: string) => {
    if (!t) return;
    const last = parts.at(-1);
    if (last?.kind === 'text') last.text += t;
    else parts.push({ kind: 'text', text: t });
  };
  // lines that hold only whitespace, in runs
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let j = i;
    while (j < lines.length && lines[j].trim() === '') j++;
    if (j - i > BLANK_RUN) {
      parts.push({ kind: 'blank', lines: j - i });
      push('\n');
      i = j - 1;
      continue;
    }
    const line = lines[i];
    for (const char of line) {
      if (invisible(char.codePointAt(0)!)) {
        parts.push({
          kind: 'invisible',
          code: `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`,
        });
      } else push(char);
    }
    if (i < lines.length - 1) push('\n');
  }
  return parts;
}
