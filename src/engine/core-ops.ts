// The operations every engine has: run SQL (Arrow IPC back, transferred), and list the tables.
import type { QueryResult, TableInfo } from './api';
import type { Handlers, Op } from './protocol';

export interface QueryRequest {
  sql: string;
  /** Prepared-statement parameters ($1, $2, ...). */
  params?: (string | number | boolean | null)[];
  /** Stop fetching after this many rows (the result grid's cap); the result says it was cut. */
  maxRows?: number;
}

export type CoreOps = {
  query: Op<QueryRequest, QueryResult>;
  listTables: Op<void, TableInfo[]>;
};

export const coreHandlers: Handlers<CoreOps> = {
  async query({ session, transfer }, request) {
    const result = await session.run(request.sql, request);
    transfer(result.ipc.buffer);
    return result;
  },
  listTables({ session }) {
    return session.listTables();
  },
};
