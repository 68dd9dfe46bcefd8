// An analysis as a script for the DuckDB command-line shell: read the user's own file the way Tenure read
// it, build the canonical table with the same mapping SQL, then run the analysis SQL with its parameter
// values written out. `duckdb < script.sql`, run in the folder of the file, prints the same table.
import type { TableInfo } from '../engine/api';
import { quoteUntrustedIdentifier, quoteUntrustedLiteral } from '../engine/sql';
import { csvOptionsSql } from './load';
import { canonicalSql, type Mapping } from './mapping';
import { EMPTY_CUSTOMER_CLV } from '../analyses/clv-table';

export interface ShellScriptInput {
  title: string;
  /** The loaded tables (the mapped ones must have come from a file). */
  tables: TableInfo[];
  /** The mappings the SQL reads. */
  mappings: Mapping[];
  /** The analysis SQL with literal values (AnalysisResult.runnable). */
  sql: string;
  date?: Date;
}

/** The statement that reads a loaded table's file again, as Tenure read it; null if not from a file. */
export function readFileSql(table: TableInfo): string | null {
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
    lines.push(`${canonicalSql(mapping)};`);
    if (mapping.kind === 'orders') lines.push(`${EMPTY_CUSTOMER_CLV};`);
  }
  lines.push('', '-- 3. The analysis', `${sql.trim().replace(/;\s*$/, '')};`, '');
  return lines.join('\n');
}
