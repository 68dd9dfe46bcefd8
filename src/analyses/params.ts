// Analysis parameters: each is declared once, with a parser that enforces its type, its choices or its
// range. The form, the preset loader and the SQL binding all parse through it, so a link cannot carry a
// value the form forbids, and a value the SQL would misread (a grain of 'decade', a horizon of 1e9) never
// reaches the engine. Labels are `params.<id>.label`; choices are `params.<id>.<choice>`.
import type { SourceKind } from '../data/sources';

export type ParamValue = string | number | boolean | null;
export type ParamValues = Record<string, ParamValue>;

/** Why a value was refused: a catalogue key under `params.errors`, with the values its text needs. */
export interface ParamProblem {
  param: string;
  code:
    | 'unknown'
    | 'notAChoice'
    | 'notANumber'
    | 'notAnInteger'
    | 'belowMin'
    | 'aboveMax'
    | 'notADate'
    | 'badRules';
  values: Record<string, string | number>;
}

export class ParamError extends Error {
  override name = 'ParamError';
  constructor(readonly problem: ParamProblem) {
    super(`${problem.param}: ${problem.code} ${JSON.stringify(problem.values)}`);
  }
}

interface ParamBase {
  id: string;
  /** Only for these sources (absent: all the analysis reads). */
  sources?: readonly SourceKind[];
  /** Shown only while another parameter has one of these values (the week start is for weeks only). */
  shownWhen?: { param: string; is: readonly string[] };
}

export interface ChoiceParam extends ParamBase {
  kind: 'choice';
  choices: readonly string[];
  default: string;
}

export interface NumberParam extends ParamBase {
  kind: 'integer' | 'number';
  default: number;
  min: number;
  max: number;
  /** The value may be left empty (null). */
  optional?: boolean;
}

export interface DateParam extends ParamBase {
  kind: 'date';
  /** Dates are optional: empty means "from the data" (e.g. the data end). */
  default: null;
}

/**
 * Text with its own check and editor: the RFM segment rules (a table), a single line (a currency code),
 * lines (exchange rates), the churn-reason keyword rules (a table of reasons).
 */
export interface TextParam extends ParamBase {
  kind: 'rules';
  default: string;
  /** Throws a message (English, for the detail line) when the text is not valid. */
  check(text: string): void;
  maxLength: number;
  /** How the form edits it (absent: the RFM rules table). */
  editor?: 'rfmRules' | 'line' | 'lines' | 'reasonRules';
  /** What the text holds, for docs/presets.md. */
  docs: string;
}

export type ParamSpec = ChoiceParam | NumberParam | DateParam | TextParam;

export const choice = (
  id: string,
  choices: readonly string[],
  fallback: string,
  more: Omit<ParamBase, 'id'> = {},
): ChoiceParam => ({ id, kind: 'choice', choices, default: fallback, ...more });

export const integer = (
  id: string,
  fallback: number,
  range: { min: number; max: number },
  more: Omit<ParamBase, 'id'> = {},
): NumberParam => ({ id, kind: 'integer', default: fallback, ...range, ...more });

export const number = (
  id: string,
  fallback: number,
  range: { min: number; max: number },
  more: Omit<ParamBase, 'id'> = {},
): NumberParam => ({ id, kind: 'number', default: fallback, ...range, ...more });

export const date = (id: string, more: Omit<ParamBase, 'id'> = {}): DateParam => ({
  id,
  kind: 'date',
  default: null,
  ...more,
});

const fail = (param: string, code: ParamProblem['code'], values: ParamProblem['values'] = {}): never => {
  throw new ParamError({ param, code, values });
};

/** A valid calendar date written YYYY-MM-DD. */
function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/**
 * Checks a value for a parameter, wherever it comes from (the form's text goes through fromFormText first).
 * Throws ParamError naming the parameter.
 */
export function parseParam(spec: ParamSpec, raw: unknown): ParamValue {
  switch (spec.kind) {
    case 'choice': {
      if (typeof raw !== 'string' || !spec.choices.includes(raw))
        return fail(spec.id, 'notAChoice', { value: String(raw), choices: spec.choices.join(', ') });
      return raw;
    }
    case 'integer':
    case 'number': {
      if (raw === null && spec.optional) return null;
      const value = raw;
      if (typeof value !== 'number' || !Number.isFinite(value))
        return fail(spec.id, 'notANumber', { value: String(raw) });
      if (spec.kind === 'integer' && !Number.isInteger(value))
        return fail(spec.id, 'notAnInteger', { value });
      if (value < spec.min) return fail(spec.id, 'belowMin', { value, min: spec.min });
      if (value > spec.max) return fail(spec.id, 'aboveMax', { value, max: spec.max });
      return value;
    }
    case 'date': {
      if (raw === null || raw === '' || raw === undefined) return null;
      if (typeof raw !== 'string' || !isIsoDate(raw))
        return fail(spec.id, 'notADate', { value: String(raw) });
      return raw;
    }
    case 'rules': {
      if (typeof raw !== 'string' || raw.length > spec.maxLength)
        return fail(spec.id, 'badRules', { detail: `text of at most ${spec.maxLength} characters` });
      try {
        spec.check(raw);
      } catch (error) {
        return fail(spec.id, 'badRules', { detail: error instanceof Error ? error.message : String(error) });
      }
      return raw;
    }
  }
}

/** A form field's text as the value its parameter parses (numbers from text; empty as null). */
export function fromFormText(spec: ParamSpec, text: string): unknown {
  if (spec.kind === 'integer' || spec.kind === 'number') return text.trim() === '' ? null : Number(text);
  if (spec.kind === 'date') return text === '' ? null : text;
  return text;
}

/** The default value of every parameter. */
export function defaultValues(specs: readonly ParamSpec[]): ParamValues {
  return Object.fromEntries(specs.map((p) => [p.id, p.default]));
}

/**
 * Values from outside (a link, a saved preset) checked against the declarations: an unknown parameter or a
 * value out of its range is refused. Only the values given are returned (merge them over the defaults).
 */
export function parseValues(specs: readonly ParamSpec[], raw: Record<string, unknown>): ParamValues {
  const values: ParamValues = {};
  for (const [key, value] of Object.entries(raw)) {
    const spec = specs.find((s) => s.id === key);
    if (!spec) fail(key, 'unknown', { known: specs.map((s) => s.id).join(', ') });
    else values[key] = parseParam(spec, value);
  }
  return values;
}

/** The parameters shown for a source and the current values (the week start only for weeks). */
export function visibleParams(specs: readonly ParamSpec[], source: SourceKind | null, values: ParamValues) {
  return specs.filter(
    (p) =>
      (!p.sources || (source !== null && p.sources.includes(source))) &&
      (!p.shownWhen || p.shownWhen.is.includes(String(values[p.shownWhen.param]))),
  );
}
