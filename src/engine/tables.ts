// The table list: the tables and views of the app's database and the user's (catalogs.ts), with their
// columns. Only tables are counted (a count of a table is cheap). A view's count would run its query, which
// can take hours (a view over range(1e13)) in a synchronous call that nothing can cancel, and the engine
// would look ready while it ran (issue #11, finding 6): a view's `rows` is null.
import type { ListedTable } from './api';
import { APP_CATALOG, USER_CATALOG } from './catalogs';
import { quoteUntrustedIdentifier } from './sql';

/** What the list needs of the session: a short query to rows. */
interface Rows {
  queryRows<T = Record<string, unknown>>(sql: string): T[];
}

export function listTables(session: Rows): ListedTable[] {
  const rows = session.queryRows<{
    catalog: string;
    table_name: string;
    table_type: string;
    column_name: string;
    data_type: string;
  }>(
    `SELECT c.table_catalog AS catalog, c.table_name, t.table_type, c.column_name, c.data_type
       FROM information_schema.columns c
       JOIN information_schema.tables t USING (table_catalog, table_schema, table_name)
      WHERE c.table_schema = 'main' AND c.table_catalog IN ('${APP_CATALOG}', '${USER_CATALOG}')
      ORDER BY c.table_catalog = '${APP_CATALOG}' DESC, c.table_name, c.ordinal_position`,
  );
  const tables = new Map<string, ListedTable>();
  for (const row of rows) {
    // a name in both databases: the app's table is the one every query of the app finds first
    const known = tables.get(row.table_name);
    if (known && known.origin !== originOf(row.catalog)) continue;
    const table = known ?? {
      name: row.table_name,
      origin: originOf(row.catalog),
      view: row.table_type === 'VIEW',
      rows: null,
      columns: [],
    };
    table.columns.push({ name: row.column_name, type: row.data_type });
    tables.set(row.table_name, table);
  }
  return [...tables.values()]
    .map((t) => ({ ...t, rows: t.view ? null : countRows(session, qualified(t)) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Rows of `name`, given as SQL (quoted, possibly qualified). */
export function countRows(session: Rows, name: string): number {
  const [row] = session.queryRows<{ n: bigint | number }>(`SELECT count(*) AS n FROM ${name}`);
  return Number(row.n);
}

const originOf = (catalog: string): ListedTable['origin'] => (catalog === APP_CATALOG ? 'app' : 'user');

function qualified(table: ListedTable): string {
  const catalog = table.origin === 'app' ? APP_CATALOG : USER_CATALOG;
  return `${catalog}.main.${quoteUntrustedIdentifier(table.name)}`;
}
