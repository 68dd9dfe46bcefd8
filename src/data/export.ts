// Exports of results and customer lists. CSV values are raw (ISO dates, plain numbers with a dot), so the
// file reads back into any tool the same way; text is quoted by RFC 4180.
import { DataType, type Table } from 'apache-arrow';

function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * A text cell or column name. A spreadsheet reads text that starts with =, +, -, @, a tab or a carriage
 * return as a formula, so a value from the data could run one (`=HYPERLINK(...)`): such text gets a
 * leading apostrophe and quotes (the OWASP CSV-injection rule; issue #11, finding 7). Numbers and dates
 * are written as they are (-5 stays a number).
 */
export function csvText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `"'${text.replaceAll('"', '""')}"` : csvField(text);
}

export function tableToCsv(table: Table): string {
  const csv = csvRows(table);
  const lines = [csv.header];
  for (let r = 0; r < table.numRows; r++) lines.push(csv.row(r));
  return `${lines.join('\n')}\n`;
}

export interface CsvExportOptions {
  signal?: AbortSignal;
  /** The share of rows written so far (0..1). */
  onProgress?: (share: number) => void;
  /** How the export lets the page run between slices (a click on Cancel); a macrotask by default. */
  pause?: () => Promise<void>;
}

/** Rows written between two pauses at most. */
const CSV_SLICE = 20_000;

/**
 * `tableToCsv` for large results: the same text, as a Blob, written a slice of rows at a time so that the
 * page stays responsive and a cancel (the signal) stops it between slices with an AbortError.
 */
export async function tableToCsvBlob(table: Table, options: CsvExportOptions = {}): Promise<Blob> {
  const {
    signal,
    onProgress,
    pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0)),
  } = options;
  const csv = csvRows(table);
  const parts: string[] = [`${csv.header}\n`];
  const n = table.numRows;
  for (let start = 0; start < n; start += CSV_SLICE) {
    signal?.throwIfAborted();
    const end = Math.min(n, start + CSV_SLICE);
    const lines: string[] = [];
    for (let r = start; r < end; r++) lines.push(csv.row(r));
    parts.push(`${lines.join('\n')}\n`);
    onProgress?.(end / n);
    if (end < n) await pause();
  }
  signal?.throwIfAborted();
  return new Blob(parts, { type: 'text/csv;charset=utf-8' });
}

/** The header line and a function that writes row r, as `tableToCsv` writes them. */
function csvRows(table: Table): { header: string; row: (r: number) => string } {
  const fields = table.schema.fields;
  const columns = fields.map((_, i) => table.getChildAt(i));
  const format = fields.map((field) => {
    if (DataType.isDate(field.type)) return (v: unknown) => new Date(Number(v)).toISOString().slice(0, 10);
    if (DataType.isTimestamp(field.type))
      return (v: unknown) => new Date(Number(v)).toISOString().slice(0, 19).replace('T', ' ');
    return (v: unknown) =>
      typeof v === 'object'
        ? JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? String(x) : x))
        : String(v);
  });
  return {
    header: fields.map((f) => csvText(f.name)).join(','),
    row: (r) =>
      columns
        .map((column, c) => {
          const value: unknown = column?.get(r);
          if (value == null) return '';
          return typeof value === 'string' ? csvText(value) : csvField(format[c](value));
        })
        .join(','),
  };
}

/** Saves text as a file through the browser's download (nothing leaves the machine). */
export function download(fileName: string, data: string | Blob | Uint8Array, type = 'text/csv'): void {
  const blob =
    data instanceof Blob
      ? data
      : typeof data === 'string'
        ? new Blob([data], { type: `${type};charset=utf-8` })
        : new Blob([data as BlobPart], { type });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
