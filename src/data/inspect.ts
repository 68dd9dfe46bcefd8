// Looks at the first bytes of a file before the engine does, to catch what the CSV reader would
// misreport: empty files, binaries, spreadsheets saved as .csv, and text that is not UTF-8.
import type { CsvEncoding, FileFormat, LoadErrorCode } from './files';

/** How much of a file's head we read to decide. */
export const HEAD_BYTES = 64 * 1024;

export type HeadVerdict =
  { ok: true; format: FileFormat; encoding: CsvEncoding } | { ok: false; code: LoadErrorCode };

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

export function inspectHead(head: Uint8Array, size: number, fileName: string): HeadVerdict {
  if (size === 0) return { ok: false, code: 'emptyFile' };
  if (startsWith(head, [0x50, 0x41, 0x52, 0x31])) return { ok: true, format: 'parquet', encoding: 'utf-8' };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0xd0, 0xcf, 0x11, 0xe0]))
    return { ok: false, code: 'spreadsheet' };
  if (/\.(xlsx?|numbers|ods)$/i.test(fileName)) return { ok: false, code: 'spreadsheet' };
  if (/\.(json|jsonl|ndjson|arrow|feather|avro|orc|db|duckdb|sqlite)$/i.test(fileName))
    return { ok: false, code: 'unsupportedFormat' };
  if (head.includes(0)) return { ok: false, code: 'binaryFile' };
  return { ok: true, format: 'csv', encoding: isUtf8(head, size > head.length) ? 'utf-8' : 'latin-1' };
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

/** The header names as written in the file, split on the detected delimiter, honouring quotes. */
export function rawHeaderNames(text: string, delimiter: string, quote = '"'): string[] {
  const names: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === quote && text[i + 1] === quote) {
        field += c;
        i++;
      } else if (c === quote) quoted = false;
      else field += c;
    } else if (c === quote && quote !== '') quoted = true;
    else if (text.startsWith(delimiter, i)) {
      names.push(field.trim());
      field = '';
      i += delimiter.length - 1;
    } else if (c === '\n' || c === '\r') break;
    else field += c;
  }
  names.push(field.trim());
  if (names.length > 0 && names[0].charCodeAt(0) === 0xfeff) names[0] = names[0].slice(1);
  return names;
}
