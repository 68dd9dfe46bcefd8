// What a text file needs before DuckDB reads it: unpacking (gzip), decoding to UTF-8 (UTF-16, Windows-1252,
// GB18030/GBK: the browser's TextDecoder has them all), and columns made of whitespace-aligned text. Decided
// from the first bytes; done as a stream with progress, and said to the user ("read as GB18030").
import type { TextEncoding } from './files';

export interface Preparation {
  gzip: boolean;
  encoding: TextEncoding;
  /** The encoding was chosen over another that also fits (the interface language broke the tie). */
  encodingGuessed: boolean;
  /** Columns separated by runs of spaces (a report printed as text): read as tab-separated. */
  whitespaceColumns: boolean;
  /** Lines end in more than one way (CRLF, LF, CR): made all LF, which the reader needs. */
  mixedLineEnds?: boolean;
}

/** Whether text ends its lines in more than one way. */
export function hasMixedLineEnds(text: string): boolean {
  const crlf = /\r\n/.test(text);
  const lf = /(^|[^\r])\n/.test(text);
  const cr = /\r(?!\n|$)/.test(text);
  return Number(crlf) + Number(lf) + Number(cr) > 1;
}

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

export const isGzip = (head: Uint8Array) => startsWith(head, [0x1f, 0x8b]);

/** Decodes with an encoding; null when the bytes are not valid in it (a multi-byte character may be cut at the end). */
function decodes(bytes: Uint8Array, encoding: string, truncated: boolean): string | null {
  const decoder = new TextDecoder(encoding, { fatal: true });
  for (const cut of truncated ? [0, 1, 2, 3] : [0]) {
    try {
      return decoder.decode(bytes.subarray(0, bytes.length - cut));
    } catch {
      // a shorter prefix: the last character may be cut
    }
  }
  return null;
}

/** The first byte that is not valid UTF-8 (its offset), or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const n =
      b < 0x80
        ? 0
        : b >= 0xc2 && b <= 0xdf
          ? 1
          : b >= 0xe0 && b <= 0xef
            ? 2
            : b >= 0xf0 && b <= 0xf4
              ? 3
              : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) {
      if (i + k >= bytes.length) return -1; // cut at the end of the sample
      if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    }
    i += n + 1;
  }
  return -1;
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]/g;
const LATIN_LETTERS = /[\u00c0-\u024f]/g;

/**
 * The encoding of text that is not UTF-8: GB18030 (a superset of GBK and GB2312) when its decoding reads as
 * Chinese, Windows-1252 (a superset of Latin-1) when it reads as accented Latin letters. Where both fit, the
 * interface language decides.
 */
export function guessLegacyEncoding(
  head: Uint8Array,
  truncated: boolean,
  preferChinese: boolean,
): { encoding: TextEncoding; guessed: boolean } {
  const chinese = decodes(head, 'gb18030', truncated);
  const western = new TextDecoder('windows-1252').decode(head);
  const cjk = chinese?.match(CJK)?.length ?? 0;
  const latin = western.match(LATIN_LETTERS)?.length ?? 0;
  const highBytes = head.reduce((n, b) => n + (b >= 0x80 ? 1 : 0), 0);
  // Chinese text: most high bytes pair into ideographs; Western text: isolated accented letters
  // runs of bytes above ASCII: Chinese comes in pairs between delimiters and digits; Western accents
  // mostly alone, or inside words (an ASCII letter beside the run)
  const runs: { length: number; inWord: boolean }[] = [];
  const letter = (b: number | undefined) => b !== undefined && /[A-Za-z]/.test(String.fromCharCode(b));
  for (let i = 0; i < head.length; i++) {
    if (head[i] < 0x80) continue;
    let end = i;
    while (end < head.length && head[end] >= 0x80) end++;
    runs.push({ length: end - i, inWord: letter(head[i - 1]) || letter(head[end]) });
    i = end;
  }
  const share = (test: (r: (typeof runs)[number]) => boolean) =>
    runs.length ? runs.filter(test).length / runs.length : 0;
  const chineseFit = chinese !== null && cjk > 0 && cjk * 2 >= highBytes * 0.8;
  const westernFit = latin > 0 && (share((r) => r.length === 1) >= 0.3 || share((r) => r.inWord) >= 0.5);
  if (chineseFit && !westernFit) return { encoding: 'gb18030', guessed: false };
  if (westernFit && !chineseFit) return { encoding: 'windows-1252', guessed: false };
  if (chineseFit && westernFit)
    return { encoding: preferChinese ? 'gb18030' : 'windows-1252', guessed: true };
  return { encoding: 'windows-1252', guessed: false };
}

/** UTF-16 by its byte order mark, or by the zero bytes of ASCII text in it. */
function utf16(head: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (startsWith(head, [0xff, 0xfe])) return 'utf-16le';
  if (startsWith(head, [0xfe, 0xff])) return 'utf-16be';
  const pairs = Math.min(256, Math.floor(head.length / 2));
  if (pairs < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs; i++) {
    if (head[2 * i] === 0) evenZeros++;
    if (head[2 * i + 1] === 0) oddZeros++;
  }
  if (oddZeros > pairs * 0.6 && evenZeros < pairs * 0.1) return 'utf-16le';
  if (evenZeros > pairs * 0.6 && oddZeros < pairs * 0.1) return 'utf-16be';
  return null;
}

/**
 * Lines of columns aligned with spaces and no other delimiter: at least two fields on every line, the same
 * number on each, and neither commas, semicolons, tabs nor pipes anywhere.
 */
export function isWhitespaceAligned(text: string): boolean {
  const lines = text
    .split(/\r?\n/)
    .slice(0, 50)
    .filter((l) => l.trim() !== '');
  if (lines.length < 2 || /[,;\t|]/.test(lines.join('\n'))) return false;
  const counts = lines.map((l) => l.trim().split(/\s+/).length);
  return (
    counts[0] > 1 &&
    counts.every((c) => c === counts[0]) &&
    lines.some((l) => /\S\s{2,}\S/.test(l.trim()) || /^\s/.test(l))
  );
}

/** What a file needs, from its first bytes (unpacked first when gzipped) and the user's choice of encoding. */
export function prepare(
  head: Uint8Array,
  truncated: boolean,
  options: { encoding?: TextEncoding; preferChinese?: boolean; gzip?: boolean } = {},
): Preparation {
  const gzip = options.gzip ?? false;
  let encoding: TextEncoding;
  let encodingGuessed = false;
  if (options.encoding) encoding = options.encoding;
  else if (startsWith(head, [0xef, 0xbb, 0xbf])) encoding = 'utf-8';
  else {
    const wide = utf16(head);
    if (wide) encoding = wide;
    else if (firstInvalidUtf8(head) < 0) encoding = 'utf-8';
    else {
      const legacy = guessLegacyEncoding(head, truncated, options.preferChinese ?? false);
      encoding = legacy.encoding;
      encodingGuessed = legacy.guessed;
    }
  }
  const text = decodes(head, encoding === 'latin-1' ? 'windows-1252' : encoding, truncated) ?? '';
  return {
    gzip,
    encoding,
    encodingGuessed,
    whitespaceColumns: isWhitespaceAligned(text),
    mixedLineEnds: hasMixedLineEnds(text),
  };
}

/** Whether the engine can read the file as it is (UTF-8, not packed, real delimiters). */
export const readsAsIs = (p: Preparation) =>
  !p.gzip && p.encoding === 'utf-8' && !p.whitespaceColumns && !p.mixedLineEnds;

/**
 * The file as UTF-8 CSV bytes: unpacked, decoded, whitespace columns turned into tabs; read as a stream,
 * reporting the bytes read. Throws when the gzip stream is cut short (a truncated download).
 */
export async function transcode(
  stream: ReadableStream<Uint8Array>,
  preparation: Preparation,
  onBytes: (read: number) => void,
): Promise<Uint8Array> {
  let input = stream;
  let read = 0;
  const counted = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      read += chunk.length;
      onBytes(read);
      controller.enqueue(chunk);
    },
  });
  input = input.pipeThrough(counted);
  if (preparation.gzip)
    input = input.pipeThrough(
      new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>,
    );
  const decoder = new TextDecoder(preparation.encoding === 'latin-1' ? 'windows-1252' : preparation.encoding);
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  let size = 0;
  let carry = '';
  const push = (text: string) => {
    const bytes = encoder.encode(text);
    parts.push(bytes);
    size += bytes.length;
  };
  const lineOut = (line: string) => line.trim().split(/\s+/).join('\t');
  const reader = input.getReader();
  // a CR at the end of a chunk may be the first half of a CRLF: held back until the next chunk
  let heldCr = '';
  for (;;) {
    const { done, value } = await reader.read();
    let text = done ? decoder.decode() : decoder.decode(value, { stream: true });
    if (preparation.mixedLineEnds || preparation.whitespaceColumns) {
      text = heldCr + text;
      heldCr = !done && text.endsWith('\r') ? '\r' : '';
      if (heldCr) text = text.slice(0, -1);
      text = text.replace(/\r\n?/g, '\n');
    }
    if (!preparation.whitespaceColumns) {
      if (text) push(text);
    } else {
      const lines = (carry + text).split(/\r?\n/);
      carry = done ? '' : lines.pop()!;
      const out = lines.filter((l) => l.trim() !== '').map(lineOut);
      if (out.length) push(`${out.join('\n')}\n`);
    }
    if (done) break;
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}
