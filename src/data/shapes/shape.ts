// What a known export shape declares: the headers that recognise it (Shopify's orders export, Stripe's
// subscriptions export, a Taobao order report...), the kind of data it holds, which of its columns plays
// which role, how the layout writes values a generic guess cannot know (amounts in cents), the status
// values to leave out, whether an order total repeats on every line, and the segments worth carrying.
// One declaration per shape, in known/; index.ts finds them by folder.
import type { ColumnInfo } from '../../engine/api';
import type { ReadAs } from '../read-as';
import type { SourceKind } from '../sources';

/** A role the shape fills: header patterns in order of preference (the first that matches a column wins). */
export interface ShapeRole {
  headers: readonly RegExp[];
  /** How the layout writes the column's values, when its type alone does not say (whole cents). */
  readAs?: (column: ColumnInfo) => ReadAs | undefined;
}

export interface Shape {
  /** Also the catalogue key of its name, `mapping.shapes.<id>`, and its row in docs/imports.md. */
  id: string;
  kind: SourceKind;
  /** The public page that documents the layout. */
  docs: string;
  /**
   * Header patterns every file of this shape has, tested on headerKey() of each column name: all must
   * match for the shape to be recognised. Name at least one header no other export writes.
   */
  requires: readonly RegExp[];
  /** Headers the layout usually has as well: each one found makes the shape likelier than another. */
  suggests?: readonly RegExp[];
  /** Role id -> the columns that play it. Roles left out are guessed as for any file. */
  roles: Readonly<Record<string, ShapeRole | readonly RegExp[]>>;
  /** Columns worth carrying as segments (when present, filled and not one value per row). */
  segments?: readonly RegExp[];
  /** The column that says which rows to leave out, and the values of it that are left out. */
  status?: { headers: readonly RegExp[]; exclude: RegExp };
  /** Orders: the amount is an order total written on every line of the order (counted once). */
  amountPerOrder?: boolean;
}

export function defineShape(shape: Shape): Shape {
  return shape;
}

/**
 * A column name as shape patterns read it: compatibility forms folded (full-width brackets and letters),
 * lower case, a trailing bracketed note dropped (`Submit Date (UTC)`, `实付金额（元）`), and dots, brackets,
 * underscores, dashes, slashes and colons read as spaces (`subscription.customer_id`,
 * `subscription[plan_id]`, `order-id` and `Order ID` all read alike).
 */
export function headerKey(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/^\ufeff/, '')
    .trim()
    .toLowerCase()
    .replace(/\s*\([^()]*\)\s*$/, '')
    .replace(/[\s._\-[\]/:]+/g, ' ')
    .trim();
}

/** The header patterns of a role, in either form of its declaration. */
export function roleHeaders(role: ShapeRole | readonly RegExp[]): readonly RegExp[] {
  return 'headers' in role ? role.headers : role;
}

/** Whole numbers read as minor units (cents): how billing APIs write money. */
export function centsWhenWhole(column: ColumnInfo): ReadAs | undefined {
  return /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)/.test(column.type)
    ? { kind: 'number', decimal: '.', minorUnits: true }
    : undefined;
}
