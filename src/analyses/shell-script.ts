// An analysis as a script for the DuckDB command-line shell: read the user's own file the way Tenure read
// it, build the canonical table with the same mapping SQL, then run the analysis SQL with its parameter
// values written out. `duckdb < script.sql`, run in the folder of the file, prints the same table.
import { quoteUntrustedIdentifier, quoteUntrustedLiteral } from '../engine/sql';
import type { TableSource } from '../data/files';
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

/** The statement that reads a loaded table's file again, as Tenure read it; null if not from a file. */
export function readFileSql(table: ScriptTable): string | null {
  const source = table.source;
  if (!source) return null;
  const file = quoteUntrustedLiteral(source.fileName);
  const read =
    source.format === 'parquet'
      ? `read_parquet(${file})`
      : `read_csv(${file}${csvOptionsSql(source.options)})`;
  return `CREATE OR REPLACE TABLE ${quoteUntrustedIdentifier(table.name)} AS SELECT * FROM ${read};`;
}

export function shellScript({ title, tables, mappings, sql, date = new Date() }: ShellScriptInput): string {
  const lines = [
    `-- Tenure: ${title.replace(/\n/g, ' ')} (exported ${date.toISOString().slice(0, 10)})`,
    '-- Runs in the DuckDB command-line shell, in the folder that holds your file(s):',
    '--   duckdb < this-file.sql',
    '',
    '-- 1. Your file(s), read with the options Tenure used',
  ];
  for (const mapping of mappings) {
    const table = tables.find((t) => t.name === mapping.table);
    const read = table && readFileSql(table);
    lines.push(read ?? `-- ${mapping.table}: made in SQL in Tenure, not from a file; create it first`);
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
