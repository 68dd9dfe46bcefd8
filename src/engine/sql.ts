// The one place where identifiers and literals are quoted. Everything that builds SQL from a name or a
// value the user (or their file) chose goes through these functions.

/** Quotes an identifier that comes from user input: a file name, a column header, a table name. */
export function quoteUntrustedIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Quotes a string literal for the few places DuckDB does not take a prepared parameter (struct keys of
 * `read_csv(types = {...})`). DuckDB's standard strings have no backslash escapes, so doubling quotes
 * is complete.
 */
export function quoteUntrustedLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
