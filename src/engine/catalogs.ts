// Two connections, two databases (issue #11, finding 4). SQL a person runs (the workspace, a link) could
// otherwise change what the built-in analyses compute: a macro named like a built-in (`datediff`), a
// temporary table named `orders`, a `search_path`, a pragma all bind by name. So:
//
// - The app's connection works in a database of its own, APP_CATALOG: the files' tables, the canonical
//   tables of the mapping, the fitted models and the shared macros all live there. Its search path is
//   that database, then DuckDB's built-ins, then the user's database last: nothing the user creates can
//   come before a name the app means (a user macro `datediff` is found after the built-in one).
// - SQL a person runs goes to a connection of its own, whose default database is USER_CATALOG (DuckDB's
//   `memory`). Its pragmas, settings, variables, temporary tables and search path stay on it. It reads the
//   app's tables by name (its search path ends with APP_CATALOG); what it creates lands in USER_CATALOG.
// - Every run of user SQL is one transaction that writes to USER_CATALOG first. DuckDB lets a transaction
//   write to one database only, so any write to APP_CATALOG (INSERT, UPDATE, DELETE, DROP, ALTER, CREATE OR
//   REPLACE, a `USE` and a bare CREATE) fails and the whole run is rolled back (user-sql.ts).
//
// Verified on DuckDB-WASM 1.32 (test/engine/isolation.test.ts).

/** The database of everything the app makes. */
export const APP_CATALOG = 'tenure';
/** The database SQL a person runs writes to: DuckDB's default in-memory database. */
export const USER_CATALOG = 'memory';

/**
 * Run once on the app's connection after the lock. The app's database keeps its tables compressed
 * (`COMPRESS`: DuckDB's storage format in memory), 5-7 times smaller at the cost of slower writes and scans
 * (docs/engine.md, Memory and size): at 10M order lines the file's table, the canonical orders and the
 * summaries then fit in one tab.
 */
export const APP_CONNECTION_SETUP = [
  `ATTACH ':memory:' AS ${APP_CATALOG} (COMPRESS)`,
  `USE ${APP_CATALOG}`,
  `SET search_path = '${APP_CATALOG}.main,system.main,${USER_CATALOG}.main'`,
];

/** Run once on the user's connection. */
export const USER_CONNECTION_SETUP = [`SET search_path = '${USER_CATALOG}.main,${APP_CATALOG}.main'`];
