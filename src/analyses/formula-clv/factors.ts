// The text of one CTE of an analysis's SQL (e.g. `factor_aov AS (...)`), for showing a factor's own SQL.

/** The CTE named `name` in `sql`, from its name to its closing parenthesis; empty when absent. */
export function factorSql(sql: string, name: string): string {
  const start = sql.search(new RegExp(`^${name} AS \\(`, 'm'));
  if (start < 0) return '';
  let depth = 0;
  for (let i = sql.indexOf('(', start); i < sql.length; i++) {
    const c = sql[i];
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return sql.slice(start, i + 1);
    else if (c === "'") i = sql.indexOf("'", i + 1); // skip string literals
  }
  return sql.slice(start);
}
