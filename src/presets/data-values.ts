// Values from the user's data that a preset carries (issue #11, finding 7): the value a segment filter
// keeps, and the values a row filter leaves out (a status such as `refunded`). Everything else in a preset
// is a definition (an analysis, its parameters, column names and types, SQL the user wrote). A link that
// carries data values says so where it is made, and can be made without them.
import type { Preset } from './preset';

export function dataValuesOf(preset: Preset): string[] {
  const values = [
    ...(preset.segment?.value != null ? [preset.segment.value] : []),
    ...(preset.mappings ?? []).flatMap((m) => m.filter?.exclude ?? []),
  ];
  return [...new Set(values)];
}

/** The same preset with no data values: the segment filter on no value, row filters without values. */
export function withoutDataValues(preset: Preset): Preset {
  const out: Preset = { ...preset };
  if (out.segment) out.segment = { ...out.segment, value: null };
  // a row filter is its values: without them it leaves nothing out
  if (out.mappings) out.mappings = out.mappings.map(({ filter: _values, ...m }) => m);
  return out;
}
