// Table names made from file names: readable in SQL, unique, and never one of the canonical table names
// that the mapping step owns (the source kinds) or another name the app keeps for itself (`reserved`).
import { SOURCE_KINDS } from './sources';

export function tableNameFor(
  fileName: string,
  taken: Iterable<string>,
  reserved: readonly string[] = [],
): string {
  const used = new Set([...taken].map((n) => n.toLowerCase()));
  const stem = fileName.replace(/\.(csv|tsv|txt|tab|parquet|pq|gz)$/gi, '').replace(/\.(csv|tsv|txt)$/i, '');
  let base = stem
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '');
  if (base === '') base = 'table';
  if (/^\p{N}/u.test(base)) base = `t_${base}`;
  if (SOURCE_KINDS.includes(base as never) || reserved.includes(base)) base = `${base}_raw`;
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base}_${i}`;
  return name;
}
