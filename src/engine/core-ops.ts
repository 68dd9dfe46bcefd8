// The operations every engine has: run SQL (Arrow IPC back, transferred), run SQL a person wrote on its own
// connection (user-sql.ts), read such SQL statement by statement, and list the tables.
import type { ListedTable, QueryResult } from './api';
import type { Handlers, Op } from './protocol';
import type { ScriptInfo } from './statements';
import { inspectUserSql } from './user-sql';

export interface QueryRequest {
  sql: string;
  /** Prepared-statement parameters ($1, $2, ...). */
  params?: (string | number | boolean | null)[];
  /** Stop fetching after this many rows (the result grid's cap); the result says it was cut. */
  maxRows?: number;
}

export type CoreOps = {
  /** The app's own SQL (analyses, mapping, previews), on the app's connection. */
  query: Op<QueryRequest, QueryResult>;
  /** SQL a person wrote (the workspace, a link): on the user's connection, unable to change the app's. */
  userQuery: Op<{ sql: string; maxRows?: number }, QueryResult>;
  /** SQL a person wrote, split into statements and classified (what SQL from a link is shown as). */
  inspectSql: Op<{ sql: string }, ScriptInfo>;
  listTables: Op<void, ListedTable[]>;
};

export const coreHandlers: Handlers<CoreOps> = {
  async query({ session, transfer }, request) {
    const result = await session.run(request.sql, request);
    transfer(result.ipc.buffer);
    return result;
  },
  async userQuery({ session, transfer }, request) {
    const result = await session.runUser(request.sql, { maxRows: request.maxRows });
    transfer(result.ipc.buffer);
    return result;
  },
  inspectSql({ session }, { sql }) {
    return inspectUserSql(session.bindings, sql);
  },
  listTables({ session }) {
    return session.listTables();
  },
};
