// Turning Arrow cells into text for the grid, by column type. Values are shown as text, never as HTML.
import { DataType, type Field } from 'apache-arrow';
import { formatDate, formatNumber, formatTimestamp } from '../i18n/format';

export type CellFormatter = (value: unknown) => string;

const looksLikeId = (name: string) => /(^|_)id$|[a-z]Id$|ID$|编号|ID号/i.test(name);

function jsonText(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? '';
}

export function cellFormatter(field: Field, locale: string): CellFormatter {
  const type = field.type;
  if (DataType.isInt(type) || DataType.isFloat(type) || DataType.isDecimal(type)) {
    if (looksLikeId(field.name)) return (v) => String(v);
    const digits = DataType.isInt(type) ? 0 : 4;
    return (v) => formatNumber(v as number | bigint, locale, digits);
  }
  if (DataType.isDate(type)) return (v) => formatDate(Number(v), locale);
  if (DataType.isTimestamp(type)) return (v) => formatTimestamp(Number(v), locale);
  if (DataType.isBool(type)) return (v) => String(v);
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type)) return (v) => v as string;
  return (v) =>
    typeof v === 'object' && v !== null && 'toJSON' in v
      ? jsonText((v as { toJSON(): unknown }).toJSON())
      : jsonText(v);
}

export function isNumericField(field: Field): boolean {
  return DataType.isInt(field.type) || DataType.isFloat(field.type) || DataType.isDecimal(field.type);
}

/** A starting column width (px) that fits typical values of the type. */
export function typeWidth(field: Field): number {
  const type = field.type;
  if (DataType.isTimestamp(type)) return 170;
  if (DataType.isDate(type)) return 110;
  if (DataType.isFloat(type) || DataType.isDecimal(type)) return 130;
  if (DataType.isInt(type)) return 100;
  if (DataType.isBool(type)) return 70;
  return 160;
}
