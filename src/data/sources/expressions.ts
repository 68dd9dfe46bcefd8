// SQL expressions on a user's column, for the canonical templates. Columns are quoted identifiers only.
import { quoteUntrustedIdentifier as id } from '../../engine/sql';

/** The column as text, or NULL when the role is not mapped. */
export const text = (column: string | undefined) => (column ? `${id(column)}::VARCHAR` : 'NULL::VARCHAR');

/** Trimmed text, empty as NULL. */
export const trimmedText = (column: string | undefined) =>
  column ? `NULLIF(trim(${id(column)}::VARCHAR), '')` : 'NULL::VARCHAR';

/** A column as a timestamp, whether it is stored as a date, a timestamp or text; unreadable as NULL. */
export const timestamp = (column: string | undefined) =>
  column ? `TRY_CAST(${id(column)} AS TIMESTAMP)` : 'NULL::TIMESTAMP';

/** A column as a double; unreadable as NULL. */
export const double = (column: string | undefined) =>
  column ? `TRY_CAST(${id(column)} AS DOUBLE)` : 'NULL::DOUBLE';
