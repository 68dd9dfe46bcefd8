// An analysis as a script for the DuckDB command-line shell: read the user's own file the way Tenure read
// it, build the canonical table with the same mapping SQL, then run the analysis SQL with its parameter
// values written out. `duckdb < script.sql`, run in the folder of the file, prints the same table.
import { quoteUntrustedIdentifier, quoteUntrustedLiteral } from '../engine/sql';
import type { CsvRecipe, TableSource } from '../data/files';
import { csvOptionsSql } from '../data/load';
import { canonicalSql } from '../data/mapping';
import type { ColumnInfo } from '../engine/api';
import type { Mapping, SourceKind } from '../data/sources';
import { ANALYSES } from './index';
import { ANALYSIS_SETUP } from './setup';

/** A loaded table, and the file it came from (absent for tables made in SQL). */
interface ScriptTable {
  name: string;
  columns: ColumnInfo[];
  source?: TableSource;
}

export interface ShellScriptInput {
  title: string;
  /** The loaded tables (the mapped ones must have come from a file). */
  tables: ScriptTable[];
  /** The mappings the SQL reads. */
  mappings: Mapping<SourceKind>[];
  /** The analysis SQL with literal values (AnalysisResult.runnable). */
  sql: string;
  date?: Date;
}

/** Encodings native DuckDB's reader names itself; the others are converted to UTF-8 first. */
const NATIVE_ENCODINGS: Partial<Record<CsvRecipe['encoding'], string>> = {
  'utf-16le': 'utf-16',
  'latin-1': 'latin-1',
};

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
/** Text for a comment line: a file name with a line break must not end the comment and start SQL. */
const commentSafe = (s: string) => s.replace(/[\r\n\u2028\u2029]+/g, ' ');

/**
 * The statements that read a loaded table's file again as Tenure read it (lines skipped, names from two
 * header rows, the delimiter and date formats it settled on), with the shell commands to run first where
 * Tenure changed the bytes (an encoding the reader lacks, columns aligned with spaces); null if the table
 * was not loaded from a file.
 */
export function readFileSql(table: ScriptTable): string | null {
  const source = table.source;
  if (!source) return null;
  const target = quoteUntrustedIdentifier(table.name);
  if (source.format === 'parquet')
    return `CREATE OR REPLACE TABLE ${target} AS SELECT * FROM read_parquet(${quoteUntrustedLiteral(source.fileName)});`;
  const recipe = source.read;
  if (!recipe) {
    const read = `read_csv(${quoteUntrustedLiteral(source.fileName)}${csvOptionsSql(source.options)})`;
    return `CREATE OR REPLACE TABLE ${target} AS SELECT * FROM ${read};`;
  }
  const lines: string[] = [];
  let file = source.fileName;
  const options = { ...recipe.options };
  const extra: string[] = [];
  const native = NATIVE_ENCODINGS[recipe.encoding];
  const convert = recipe.encoding !== 'utf-8' && !native;
  if (convert || recipe.whitespaceColumns || recipe.mixedLineEnds) {
    // the bytes as Tenure read them: UTF-8, with tabs between the columns
    const out = `${file.replace(/\.(gz)$/i, '')}.utf8.${recipe.whitespaceColumns ? 'tsv' : 'csv'}`;
    const steps = [
      recipe.gzip ? `gunzip -c ${shellQuote(file)}` : `cat ${shellQuote(file)}`,
      ...(convert ? [`iconv -f ${recipe.encoding.toUpperCase()} -t UTF-8`] : []),
      ...(recipe.mixedLineEnds ? [`sed 's/\\r$//'`] : []),
      ...(recipe.whitespaceColumns ? [`sed -E 's/^[[:space:]]+//; s/[[:space:]]+/\t/g'`] : []),
    ];
    lines.push(
      `-- Tenure read ${file} ${[
        convert ? `as ${recipe.encoding.toUpperCase()}` : '',
        recipe.whitespaceColumns ? 'with its space-aligned columns as tab-separated' : '',
        recipe.mixedLineEnds ? 'with its line ends made the same' : '',
      ]
        .filter(Boolean)
        .join(', ')}; do the same first, in a terminal:`,
      `--   ${steps.join(' | ')} > ${shellQuote(out)}`,
    );
    lines.splice(0, lines.length, ...lines.map(commentSafe));
    file = out;
    if (recipe.whitespaceColumns) options.delimiter = '\t';
  } else {
    if (native && recipe.encoding !== 'utf-8') extra.push(`encoding = ${quoteUntrustedLiteral(native)}`);
    if (recipe.gzip && !/\.gz$/i.test(file)) extra.push(`compression = 'gzip'`);
  }
  // rows the reader cannot take are set aside, as Tenure set them aside (and counted them)
  extra.push('ignore_errors = true');
  const read = `read_csv(${quoteUntrustedLiteral(file)}${csvOptionsSql(options, {
    skip: recipe.skip,
    names: recipe.names,
  })}${extra.map((e) => `, ${e}`).join('')})`;
  lines.push(`CREATE OR REPLACE TABLE ${target} AS SELECT * FROM ${read};`);
  return lines.join('\n');
}

export function shellScript({ title, tables, mappings, sql, date = new Date() }: ShellScriptInput): string {
  const lines = [
    `-- Tenure: ${commentSafe(title)} (exported ${date.toISOString().slice(0, 10)})`,
    '-- Runs in the DuckDB command-line shell, in the folder that holds your file(s):',
    '--   duckdb < this-file.sql',
    '',
    '-- 1. Your file(s), read with the options Tenure used',
  ];
  for (const mapping of mappings) {
    const table = tables.find((t) => t.name === mapping.table);
    const read = table && readFileSql(table);
    lines.push(
      read ?? `-- ${commentSafe(mapping.table)}: made in SQL in Tenure, not from a file; create it first`,
    );
  }
  lines.push('', '-- 2. The column mapping: the canonical table(s) the analysis reads');
  for (const mapping of mappings) {
    const columns = tables.find((t) => t.name === mapping.table)?.columns ?? [];
    lines.push(`${canonicalSql(mapping, columns)};`);
    for (const analysis of ANALYSES) {
      const after = analysis.afterMapping[mapping.kind];
      if (after) lines.push(`${after};`);
    }
  }
  lines.push('', '-- 3. The period arithmetic the analyses share', ...ANALYSIS_SETUP.map((s) => `${s};`));
  lines.push('', '-- 4. The analysis', `${sql.trim().replace(/;\s*$/, '')};`, '');
  return lines.join('\n');
}
