// Looks at a file before the engine does, to catch what the CSV reader would misreport: empty files,
// spreadsheets saved as .csv, Parquet by its magic bytes, gzip, binaries; and, in its first lines of text,
// a report's title block above the header, a second header row (SurveyMonkey), and text that is a document
// rather than a table (JSON, HTML, XML, prose from a PDF).
import type { LoadErrorCode } from './files';

/** How much of a file's head we read to decide. */
export const HEAD_BYTES = 64 * 1024;

export type HeadVerdict =
  | { ok: true; format: 'parquet' }
  | { ok: true; format: 'text'; gzip: boolean }
  | { ok: false; code: LoadErrorCode };

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/** What a file is, from its raw first bytes and its name. */
export function inspectHead(head: Uint8Array, size: number, fileName: string): HeadVerdict {
  if (size === 0) return { ok: false, code: 'emptyFile' };
  if (startsWith(head, [0x50, 0x41, 0x52, 0x31])) return { ok: true, format: 'parquet' };
  if (startsWith(head, [0x1f, 0x8b])) return { ok: true, format: 'text', gzip: true };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0xd0, 0xcf, 0x11, 0xe0]))
    return { ok: false, code: 'spreadsheet' };
  if (/\.(xlsx?|numbers|ods)$/i.test(fileName)) return { ok: false, code: 'spreadsheet' };
  if (/\.(arrow|feather|avro|orc|db|duckdb|sqlite)$/i.test(fileName))
    return { ok: false, code: 'unsupportedFormat' };
  return { ok: true, format: 'text', gzip: false };
}

/** Text (after decoding) that still holds NUL bytes or control characters is not text. */
export function looksBinary(bytes: Uint8Array): boolean {
  let control = 0;
  for (const b of bytes.subarray(0, 8192)) {
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  return control > 16;
}

/** True if the bytes are valid UTF-8; a multi-byte character cut at the end of a head is allowed. */
export function isUtf8(bytes: Uint8Array, truncated: boolean): boolean {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const cuts = truncated ? [0, 1, 2, 3] : [0];
  for (const cut of cuts) {
    try {
      decoder.decode(bytes.subarray(0, bytes.length - cut));
      return true;
    } catch {
      // try a shorter prefix: the last character may be cut
    }
  }
  return false;
}

/** The fields of one line of delimited text (from `start`), honouring quotes, and where the line ends. */
function fieldsAt(
  text: string,
  start: number,
  delimiter: string,
  quote = '"',
): { fields: string[]; end: number } {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  let i = start;
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === quote && text[i + 1] === quote) {
        field += c;
        i++;
      } else if (c === quote) quoted = false;
      else field += c;
    } else if (c === quote && quote !== '') quoted = true;
    else if (text.startsWith(delimiter, i)) {
      fields.push(field.trim());
      field = '';
      i += delimiter.length - 1;
    } else if (c === '\n' || c === '\r') break;
    else field += c;
  }
  fields.push(field.trim());
  if (text[i] === '\r' && text[i + 1] === '\n') i++;
  return { fields, end: i + 1 };
}

/** The first lines of delimited text, as fields. */
export function lines(text: string, delimiter: string, max = 60, quote = '"'): string[][] {
  const out: string[][] = [];
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (at < text.length && out.length < max) {
    const { fields, end } = fieldsAt(text, at, delimiter, quote);
    out.push(fields);
    at = end;
  }
  // the last line of a head may be cut
  if (at >= text.length && out.length > 1) out.pop();
  return out;
}

/** The header names as written in the file, split on the detected delimiter, honouring quotes. */
export function rawHeaderNames(text: string, delimiter: string, quote = '"'): string[] {
  return lines(`${text}\n`, delimiter, 1, quote)[0] ?? [];
}

const DELIMITERS = [',', ';', '\t', '|'];
const isBlank = (fields: string[]) => fields.every((f) => f === '');

/**
 * The line a table's header is on when lines above it are a report's title block (QuickBooks: the company,
 * the report's name, its dates, a blank line): the first line from which every line has the same number of
 * fields (two or more; a last totals line may be shorter). Null when the header is on the first line.
 */
export function findHeaderLine(text: string): { line: number; delimiter: string } | null {
  if (documentKind(text)) return null;
  // a file that one delimiter reads as a table from its first line has no title block, whatever another
  // delimiter makes of it (decimal commas in a semicolon file look like two comma fields on every line)
  for (const delimiter of DELIMITERS) {
    const rows = lines(text, delimiter, 60).filter((r) => !isBlank(r));
    if (rows.length >= 2 && rows[0].length > 1 && rows.every((r) => r.length === rows[0].length)) return null;
  }
  let best: { line: number; delimiter: string; width: number } | null = null;
  for (const delimiter of DELIMITERS) {
    const rows = lines(text, delimiter, 200);
    if (rows.length < 3) continue;
    const width = (row: string[]) => (isBlank(row) ? 0 : row.length);
    // the width most lines of the lower half have
    const lower = rows
      .slice(Math.floor(rows.length / 2))
      .map(width)
      .filter((w) => w > 1);
    if (!lower.length) continue;
    const modal = [...new Set(lower)].sort(
      (a, b) => lower.filter((w) => w === b).length - lower.filter((w) => w === a).length,
    )[0];
    const start = rows.findIndex(
      (row, i) =>
        width(row) === modal && rows.slice(i + 1, -1).every((r) => width(r) === modal || width(r) === 0),
    );
    if (start <= 0) continue;
    // a title block: lines of one cell at most (a title, a date range), the header named in full, and
    // at least two rows of the table's width below it
    const titles = rows.slice(0, start).every((r) => r.filter((f) => f !== '').length <= 1);
    const named = rows[start].every((f) => f !== '');
    const body = rows.slice(start + 1).filter((r) => width(r) === modal).length;
    if (titles && named && body >= 2 && (!best || modal > best.width))
      best = { line: start + 1, delimiter, width: modal };
  }
  return best && { line: best.line, delimiter: best.delimiter };
}

const NUMBER_OR_DATE = /^[-+(]?[\d$€£¥.,\s:/-]+\)?$/;

/**
 * Column names from two header rows (SurveyMonkey: the question on the first, with blank cells where one
 * question spans several columns, and "Response" or an option on the second): the question, with the
 * option when it says more than "Response". Null when the second row is data, not a header.
 */
export function mergedHeader(text: string, delimiter: string, quote = '"'): string[] | null {
  const [first, second, third] = lines(text, delimiter, 3, quote);
  if (!first || !second || !third || second.length !== first.length) return null;
  const filled = second.filter((v) => v !== '');
  const blanksAbove = first.some((v) => v === '');
  const responseWords = second.some((v) => /^(open-ended )?response$|^回答$|^答案$/i.test(v));
  if (!filled.length || filled.some((v) => NUMBER_OR_DATE.test(v)) || !(blanksAbove || responseWords))
    return null;
  let question = '';
  return first.map((top, i) => {
    if (top !== '') question = top;
    const sub = second[i];
    if (!sub || /^(open-ended )?response$|^回答$|^答案$/i.test(sub))
      return question || sub || `column${i + 1}`;
    return question ? `${question} - ${sub}` : sub;
  });
}

/** Text that is a document rather than a table, by its first characters and its lines. */
export function documentKind(text: string): 'json' | 'html' | 'xml' | 'prose' | null {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (/^[[{]/.test(start) && /^[[{]\s*["{[\]]/.test(start)) return 'json';
  if (/^<!doctype html|^<html|^<head|^<body/i.test(start)) return 'html';
  if (/^<\?xml|^<[a-z][\w:-]*[\s>]/i.test(start)) return 'xml';
  // prose: long lines of words, with sentence punctuation, and no delimiter that makes columns
  const rows = start
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .slice(0, 40);
  if (rows.length >= 3) {
    const words = rows.map((l) => l.trim().split(/\s+/).length);
    const average = words.reduce((a, b) => a + b, 0) / rows.length;
    const sentences = rows.filter((l) => /[.!?。！？]\s|[.!?。！？]$/.test(l.trim())).length;
    const delimited = DELIMITERS.some((d) => rows.every((l) => l.split(d).length > 2));
    if (average >= 8 && sentences >= rows.length / 3 && !delimited) return 'prose';
  }
  return null;
}
