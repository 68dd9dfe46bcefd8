// SQL expressions on a user's column, for the canonical templates. Columns are quoted identifiers only;
// how a value is read (money text, day-first dates...) comes from the mapping's readAs (read-as.ts).
import { quoteUntrustedIdentifier as id } from '../../engine/sql';
import { numberSql, timestampSql, type ReadAs } from '../read-as';

/** The column as text, or NULL when the role is not mapped. */
export const text = (column: string | undefined) => (column ? `${id(column)}::VARCHAR` : 'NULL::VARCHAR');

/** Trimmed text, empty as NULL. */
export const trimmedText = (column: string | undefined) =>
  column ? `NULLIF(trim(${id(column)}::VARCHAR), '')` : 'NULL::VARCHAR';

/** The value as written (trimmed text, empty as NULL): what a row that does not read shows. */
export const raw = trimmedText;

/** A column as a timestamp, read as the mapping says; unreadable as NULL. */
export const timestamp = (column: string | undefined, readAs?: ReadAs) =>
  column ? timestampSql(column, readAs) : 'NULL::TIMESTAMP';

/** A column as a double, read as the mapping says; unreadable as NULL. */
export const double = (column: string | undefined, readAs?: ReadAs) =>
  column ? numberSql(column, readAs) : 'NULL::DOUBLE';
