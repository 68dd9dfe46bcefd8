// The file operations of the engine worker: load a dropped file into a table (CSV by DuckDB's reader,
// Parquet through the bundled parquet-wasm), read it again with other options, drop it, and write a
// result as Parquet. The composition root (src/worker/main.ts) registers them with the engine; how a file
// reaches the engine (a browser File handle read in place, or bytes in the Node tests) comes from `access`.
import type { Handlers, Op } from '../engine/protocol';
import type { EngineSession } from '../engine/session';
import { USER_FILE_DIR } from '../engine/lock';
import { quoteUntrustedIdentifier } from '../engine/sql';
import type { CsvOptions, LoadNote, LoadOutcome, LoadProgress, LoadRequest, TableSource } from './files';

/** What the page knows of the user that decides between two readings of the same bytes. */
type ReadHints = Pick<LoadRequest, 'preferChinese' | 'dateOrder'>;
import { HEAD_BYTES, inspectHead } from './inspect';
import { firstInvalidUtf8, prepare, readsAsIs, transcode, type Preparation } from './decode';
import {
  fileViewSql,
  loadCsv,
  loadParquet,
  MAX_LINE_BYTES,
  type ParquetSource,
  type RegisteredFile,
} from './load';
import { tableNameFor } from './names';

export type LoadOps = {
  loadFile: Op<LoadRequest, LoadOutcome, LoadProgress>;
  reloadTable: Op<{ table: string; options: CsvOptions } & ReadHints, LoadOutcome, LoadProgress>;
  /** Drops a table, and the file behind it if it was loaded from one. */
  dropTable: Op<{ table: string }, void>;
  /** An Arrow IPC stream written as a Parquet file. */
  toParquet: Op<Uint8Array, Uint8Array>;
  /**
   * Frees the memory of a large text file's table once its mapping has copied what the analyses need: the
   * table becomes a view that reads the file again (as it was read) when it is queried or mapped anew.
   */
  releaseTable: Op<{ table: string; minRows?: number }, { released: boolean; rows: number }>;
};

/** Tables of at least this many rows are released after a mapping (below it the memory does not matter). */
export const RELEASE_ROWS = 2_000_000;

/** How files reach the engine where it runs. */
export interface FileAccess {
  /** Makes `file` readable by the engine at `path` (under the lock's allowed directory). */
  register(session: EngineSession, path: string, file: File): Promise<void>;
  /** Opens a Parquet file for reading row group by row group. */
  openParquet(file: File): Promise<ParquetSource>;
  /** Writes Arrow IPC as Parquet. */
  writeParquet(ipc: Uint8Array): Promise<Uint8Array>;
}

interface TableFile {
  file: File;
  /** Where the engine reads it (none for Parquet, which is read into the table). */
  path: string | null;
  /** How it was read (text files), for a view that reads it again the same way. */
  source?: TableSource;
  /** The table is a view over the file (released). */
  released?: boolean;
}

/** A Parquet file cut short (no closing magic) or with a footer longer than the file: null when sound. */
async function parquetDamage(file: File): Promise<'truncatedFile' | 'corruptParquet' | null> {
  if (file.size < 12) return 'truncatedFile';
  const tail = new Uint8Array(await file.slice(file.size - 8).arrayBuffer());
  const magic = String.fromCharCode(...tail.subarray(4));
  if (magic !== 'PAR1') return 'truncatedFile';
  const footer = new DataView(tail.buffer, tail.byteOffset).getUint32(0, true);
  return footer + 12 > file.size ? 'corruptParquet' : null;
}

/**
 * The first line longer than `limit` bytes (its number), or null: looked for only when the first bytes
 * hold hardly a line break, because the reader spends seconds per dialect it tries on such a line before
 * it gives up (34 s on a 40 MB line).
 */
async function overlongLine(file: File, limit: number): Promise<number | null> {
  const reader = file.stream().getReader();
  let line = 1;
  let length = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return null;
      for (let i = 0; i < value.length; i++) {
        if (value[i] === 0x0a || value[i] === 0x0d) {
          if (value[i] === 0x0a || value[i + 1] !== 0x0a) line++;
          length = 0;
        } else if (++length > limit) return line;
      }
    }
  } finally {
    void reader.cancel().catch(() => {});
  }
}

/** The first bytes of a gzipped file, unpacked (a cut-off end of the sample is expected and ignored). */
async function unpackedHead(file: File): Promise<Uint8Array> {
  const stream = file
    .slice(0, 1024 * 1024)
    .stream()
    .pipeThrough(new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>);
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < HEAD_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      size += value.length;
    }
  } catch {
    // the sample ends inside the compressed stream
  } finally {
    void reader.cancel().catch(() => {});
  }
  const head = new Uint8Array(Math.min(size, HEAD_BYTES));
  let at = 0;
  for (const part of parts) {
    const take = part.subarray(0, head.length - at);
    head.set(take, at);
    at += take.length;
    if (at >= head.length) break;
  }
  return head;
}

/** The file operations, reading files through `access`. */
export function loadHandlers(access: FileAccess): Handlers<LoadOps> {
  const tableFiles = new Map<string, TableFile>();
  let fileCounter = 0;

  /**
   * Loads a file into `table`: Parquet through the bundled reader (checked for a cut or damaged footer
   * first); text unpacked and decoded to UTF-8 when it needs it (decode.ts: gzip, UTF-16, Windows-1252,
   * GB18030, whitespace-aligned columns), else read in place. Returns the outcome and the path it read.
   */
  async function loadInto(
    session: EngineSession,
    table: string,
    file: File,
    options: CsvOptions,
    { preferChinese = false, dateOrder }: ReadHints,
    progress: (p: LoadProgress) => void,
  ): Promise<{ outcome: LoadOutcome; path: string | null }> {
    const started = performance.now();
    session.progress = null;
    let bytesRead = 0;
    const report = () =>
      progress({
        fileName: file.name,
        fraction:
          session.progress == null || session.progress < 0 ? null : Math.min(1, session.progress / 100),
        bytesRead:
          session.progress == null
            ? bytesRead
            : Math.round((file.size * Math.max(0, session.progress)) / 100),
        elapsedMs: performance.now() - started,
      });
    const timer = setInterval(report, 250);
    const path = `${USER_FILE_DIR}f${++fileCounter}`;
    /** Reads the text file as `prepared` says: in place, or unpacked and decoded to UTF-8 first. */
    async function readText(prepared: Preparation, raw: Uint8Array): Promise<LoadOutcome> {
      const notes: LoadNote[] = [];
      if (prepared.gzip) notes.push({ code: 'gzip', params: {} });
      if (prepared.encoding !== 'utf-8')
        notes.push({ code: 'encoding', params: { encoding: prepared.encoding } });
      if (prepared.encodingGuessed)
        notes.push({ code: 'encodingGuessed', params: { encoding: prepared.encoding } });
      if (prepared.whitespaceColumns) notes.push({ code: 'whitespaceColumns', params: {} });
      if (prepared.mixedLineEnds) notes.push({ code: 'mixedLineEnds', params: {} });
      let registered: RegisteredFile;
      if (readsAsIs(prepared)) {
        await access.register(session, path, file);
        registered = { path, fileName: file.name, bytes: file.size, head: raw };
      } else {
        let bytes: Uint8Array;
        try {
          bytes = await transcode(file.stream(), prepared, (n) => (bytesRead = n));
        } catch (error) {
          // the compressed stream ends before its end: a download cut short
          return { ok: false, code: 'truncatedFile', detail: String((error as Error)?.message ?? error) };
        }
        session.bindings.registerFileBuffer(path, bytes);
        registered = { path, fileName: file.name, bytes: bytes.length, head: bytes.subarray(0, HEAD_BYTES) };
      }
      const outcome = await loadCsv(session, registered, table, options, { notes, dateOrder });
      // the file as the user has it (its size on disk, its bytes before decoding)
      if (outcome.ok) {
        outcome.table.source.bytes = file.size;
        const read = outcome.table.source.read;
        if (read) {
          read.encoding = prepared.encoding;
          read.gzip = prepared.gzip;
          read.whitespaceColumns = prepared.whitespaceColumns;
          read.mixedLineEnds = prepared.mixedLineEnds ?? false;
        }
      }
      return outcome;
    }

    try {
      const raw = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
      const verdict = inspectHead(raw, file.size, file.name);
      if (!verdict.ok) return { outcome: { ok: false, code: verdict.code }, path: null };
      if (verdict.format === 'parquet') {
        const damage = await parquetDamage(file);
        if (damage) return { outcome: { ok: false, code: damage }, path: null };
        let parquet: ParquetSource;
        try {
          parquet = await access.openParquet(file);
        } catch (error) {
          return {
            outcome: {
              ok: false,
              code: 'corruptParquet',
              detail: String((error as Error)?.message ?? error),
            },
            path: null,
          };
        }
        const outcome = await loadParquet(
          session,
          parquet,
          { fileName: file.name, bytes: file.size },
          table,
          (done, total) => {
            session.progress = (100 * done) / total;
          },
        );
        return { outcome, path: null };
      }
      const head = verdict.gzip ? await unpackedHead(file) : raw;
      const prepared = prepare(head, verdict.gzip || file.size > raw.length, {
        encoding: options.encoding,
        preferChinese,
        gzip: verdict.gzip,
      });
      if (options.encoding === 'utf-8' && !verdict.gzip && firstInvalidUtf8(head) >= 0)
        return {
          outcome: { ok: false, code: 'notUtf8', params: { byte: firstInvalidUtf8(head) } },
          path: null,
        };
      const breaks = head.reduce((n, b) => n + (b === 0x0a || b === 0x0d ? 1 : 0), 0);
      if (breaks < 2 && file.size > MAX_LINE_BYTES && readsAsIs(prepared)) {
        const line = await overlongLine(file, MAX_LINE_BYTES);
        if (line !== null)
          return {
            outcome: { ok: false, code: 'lineTooLong', params: { line, limit: MAX_LINE_BYTES / 2 ** 20 } },
            path: null,
          };
      }
      let outcome = await readText(prepared, raw);
      // lines that end in two ways only below the first bytes: the reader found no dialect, or took the
      // rest of the file for one line; once more with the line ends made the same
      if (
        !outcome.ok &&
        (outcome.code === 'dialectNotFound' || outcome.code === 'lineTooLong') &&
        !prepared.mixedLineEnds
      ) {
        session.bindings.dropFile(path);
        const again = await readText({ ...prepared, mixedLineEnds: true }, raw);
        if (again.ok) outcome = again;
      }
      return { outcome, path };
    } finally {
      clearInterval(timer);
    }
  }

  /** Keeps the file behind a table (for reloads), and lets go of the one it replaces. */
  function keep(
    session: EngineSession,
    table: string,
    outcome: LoadOutcome,
    file: File,
    path: string | null,
  ) {
    const previous = tableFiles.get(table);
    if (previous?.path && previous.path !== path) session.bindings.dropFile(previous.path);
    tableFiles.set(table, { file, path, source: outcome.ok ? outcome.table.source : undefined });
  }

  return {
    async loadFile({ session, progress }, request) {
      const { file } = request;
      const table =
        request.table ??
        tableNameFor(file.name, [...session.tableNames(), ...tableFiles.keys()], request.reserved);
      const { outcome, path } = await loadInto(
        session,
        table,
        file,
        request.options ?? {},
        request,
        progress,
      );
      if (outcome.ok) keep(session, table, outcome, file, path);
      else if (path) session.bindings.dropFile(path);
      return outcome;
    },

    async reloadTable({ session, progress }, { table, options, ...hints }) {
      const source = tableFiles.get(table);
      if (!source) throw new Error(`Table ${table} was not loaded from a file.`);
      const { outcome, path } = await loadInto(session, table, source.file, options, hints, progress);
      if (outcome.ok) keep(session, table, outcome, source.file, path);
      else if (path) session.bindings.dropFile(path);
      return outcome;
    },

    releaseTable({ session }, { table, minRows = RELEASE_ROWS }) {
      const kept = tableFiles.get(table);
      if (!kept?.path || !kept.source?.read || kept.released) return { released: false, rows: 0 };
      const rows = session.rowCount(table);
      if (rows < minRows) return { released: false, rows };
      const view = fileViewSql(kept.path, kept.source, session.describe(table));
      const name = quoteUntrustedIdentifier(table);
      session.queryRows(`DROP TABLE ${name}`);
      session.queryRows(`CREATE VIEW ${name} AS ${view}`);
      kept.released = true;
      return { released: true, rows };
    },

    dropTable({ session }, { table }) {
      const kept = tableFiles.get(table);
      session.queryRows(
        kept?.released
          ? `DROP VIEW IF EXISTS ${quoteUntrustedIdentifier(table)}`
          : `DROP TABLE IF EXISTS ${quoteUntrustedIdentifier(table)}`,
      );
      const source = tableFiles.get(table);
      if (source?.path) session.bindings.dropFile(source.path);
      tableFiles.delete(table);
    },

    async toParquet({ transfer }, ipc) {
      const bytes = await access.writeParquet(ipc);
      transfer(bytes.buffer);
      return bytes;
    },
  };
}
