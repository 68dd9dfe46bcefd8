// SQL a person runs (the workspace, a link), read statement by statement with DuckDB's own tokenizer, so
// that what we split and classify is what the engine will parse: strings, quoted names, dollar quotes and
// nested comments hide a `;` or a keyword exactly as they do for DuckDB (issue #11, finding 4). Used to
// show SQL from a link whole before it runs (which statements create, replace or set something) and to
// refuse, before anything runs, the few statements that would reach past the user's own connection.

/** DuckDB-WASM's token types (bindings/tokens.ts). */
export const TokenType = {
  identifier: 0,
  number: 1,
  string: 2,
  operator: 3,
  keyword: 4,
  comment: 5,
} as const;

export interface ScriptTokens {
  offsets: number[];
  types: number[];
}

/** Why a statement is not run at all. */
export type Refusal =
  /** a NUL byte: DuckDB would stop reading the query there and run only what comes before it */
  | 'nul'
  /** a pragma that changes a setting: the configuration lock does not cover pragma functions */
  | 'pragma'
  /** BEGIN, COMMIT, ROLLBACK...: each run is one transaction that the engine opens and closes itself */
  | 'transaction'
  /** DETACH: Tenure's tables live in a database of their own that must stay attached */
  | 'detach';

export interface StatementInfo {
  /** Offsets of the statement in the text (its `;` not included). */
  start: number;
  end: number;
  /** Its first keyword, upper case (SELECT, CREATE, PRAGMA...); '' when it does not start with one. */
  verb: string;
  /** Creates, replaces, changes, deletes or sets something (a keyword that does appears in it). */
  changes: boolean;
  refused: Refusal | null;
  /** The word that got it refused (the pragma's name, the keyword). */
  refusedWord: string | null;
}

export interface ScriptInfo {
  length: number;
  lines: number;
  /** Where a NUL byte is, or -1. */
  nulAt: number;
  statements: StatementInfo[];
}

/** Keywords of statements that change the engine's state: shown highlighted before SQL from a link runs. */
const CHANGING = new Set([
  'ALTER',
  'ATTACH',
  'CALL',
  'CHECKPOINT',
  'COPY',
  'CREATE',
  'DELETE',
  'DETACH',
  'DROP',
  'EXECUTE',
  'EXPORT',
  'IMPORT',
  'INSERT',
  'INSTALL',
  'LOAD',
  'MERGE',
  'PRAGMA',
  'PREPARE',
  'REPLACE',
  'RESET',
  'SET',
  'TRUNCATE',
  'UPDATE',
  'USE',
  'VACUUM',
]);

/** Transaction control anywhere in a statement (PREPARE p AS COMMIT included); END only as a statement. */
const TRANSACTION = new Set(['BEGIN', 'COMMIT', 'ROLLBACK', 'ABORT', 'TRANSACTION']);

/**
 * Pragmas that only read (DuckDB rewrites them into queries of its catalog); every other pragma changes a
 * setting of the connection (enable_profiling, disable_optimizer...) and is refused.
 */
const READING_PRAGMAS = new Set([
  'collations',
  'database_list',
  'database_size',
  'functions',
  'metadata_info',
  'platform',
  'show',
  'show_databases',
  'show_tables',
  'show_tables_expanded',
  'storage_info',
  'table_info',
  'user_agent',
  'version',
]);

/** The text of token `i`: from its offset to the next token's, without what follows the token itself. */
function tokenText(text: string, tokens: ScriptTokens, i: number): string {
  const end = i + 1 < tokens.offsets.length ? tokens.offsets[i + 1] : text.length;
  const raw = text.slice(tokens.offsets[i], end);
  if (tokens.types[i] === TokenType.keyword || tokens.types[i] === TokenType.identifier) {
    const quoted = /^"((?:[^"]|"")*)"/.exec(raw);
    if (quoted) return quoted[1].replaceAll('""', '"');
    return /^[\p{L}\p{N}_$]+/u.exec(raw)?.[0] ?? raw.trim();
  }
  return raw.trim().slice(0, 1);
}

/** Splits and classifies `text`, given DuckDB's tokens for it. */
export function inspectScript(text: string, tokens: ScriptTokens): ScriptInfo {
  const statements: StatementInfo[] = [];
  let current: { start: number; words: string[]; first: string; second: string | null } | null = null;
  const close = (end: number) => {
    if (!current) return;
    const { words, first, second, start } = current;
    const verb = first;
    let refused: Refusal | null = null;
    let refusedWord: string | null = null;
    const transaction = words.find((w) => TRANSACTION.has(w)) ?? (verb === 'END' ? 'END' : undefined);
    if (words.includes('DETACH')) [refused, refusedWord] = ['detach', 'DETACH'];
    else if (transaction) [refused, refusedWord] = ['transaction', transaction];
    else if (verb === 'PRAGMA' && !(second && READING_PRAGMAS.has(second.toLowerCase())))
      [refused, refusedWord] = ['pragma', second ?? 'PRAGMA'];
    statements.push({
      start,
      end: trimEnd(text, start, end),
      verb,
      changes: words.some((w) => CHANGING.has(w)),
      refused,
      refusedWord,
    });
    current = null;
  };
  for (let i = 0; i < tokens.offsets.length; i++) {
    const type = tokens.types[i];
    const word = tokenText(text, tokens, i);
    if (type === TokenType.operator && word === ';') {
      close(tokens.offsets[i]);
      continue;
    }
    if (!current) {
      const first = type === TokenType.keyword ? word.toUpperCase() : '';
      current = { start: tokens.offsets[i], words: [], first, second: null };
    } else if (current.second === null) {
      // the token after the first one: a pragma's name
      current.second = word;
    }
    if (type === TokenType.keyword) current.words.push(word.toUpperCase());
  }
  close(text.length);
  return {
    length: text.length,
    lines: text.split('\n').length,
    nulAt: text.indexOf('\u0000'),
    statements,
  };
}

function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/.test(text[e - 1])) e--;
  return e;
}

/** The first refusal in a script (a NUL byte first of all), or null when every statement may run. */
export function refusalOf(info: ScriptInfo): { reason: Refusal; word: string | null } | null {
  if (info.nulAt >= 0) return { reason: 'nul', word: null };
  const refused = info.statements.find((s) => s.refused);
  return refused ? { reason: refused.refused!, word: refused.refusedWord } : null;
}
