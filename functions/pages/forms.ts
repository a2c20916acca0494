import {
  type ChoiceItem,
  checkboxes,
  DATE_TIME_PARTS,
  type DateTimePart,
  dateTimeInput,
  type ErrorSummaryItem,
  fieldId,
  fieldset,
  hiddenInput,
  radios,
  textarea,
  textInput,
} from './components';
import { conditionalRadios, groupedCheckboxes } from './conditional-choices';
import { type Html, html } from './html';
import { grouped, listWords, sentenceCase } from './labels';
import { isoFromWallTime, isRealWallTime, type WallTime, wallTimeOf } from './zoned-time';

/** The name of the form field that carries a page's anti-forgery token. */
export const CSRF_FIELD = 'csrfToken';

/**
 * The one form engine of every page: a form is a list of field definitions written against a zod schema, one per
 * property, named by its path in the object the schema judges (`reporter.name`, `decidedBy.name`, `parties[0].told`),
 * so a problem the schema or the policy reports at a path lands on the field of that name. From the same
 * definitions it places the fields on a page, reads a urlencoded POST into the schema's object, writes an object back
 * into form values, puts problems on their fields and renders GOV.UK markup.
 *
 * Reading judges nothing the schema judges: empty answers are left out (the schema says whether they were needed),
 * yes/no become booleans, numbers become numbers ("1,200" is a number), numbered fields become arrays, date-and-time
 * boxes become ISO 8601 in the organisation's time zone. It only reports what cannot be turned into a value at all (a
 * date with no month), in words a person can act on, and names the date boxes to mark.
 *
 * Two kinds of condition: `when` (the organisation's duties decide whether a question is asked at all) and `under`
 * (a follow-up shown beneath one answer of a sibling choice, as GOV.UK's conditionally revealed questions). With
 * JavaScript off every follow-up is visible, so a person may type into one under an answer they did not choose: as
 * the Design System advises, such a field is not read. That is also what keeps an anonymous report anonymous when a
 * name was typed before the person changed their mind.
 */

export interface Option {
  value: string;
  text: string;
  hint?: string;
}

/** A text fixed in the definition, or worked out from what the form depends on (the policy, the breach). */
export type Text<C, T = string | undefined> = T | ((ctx: C) => T);

interface BaseField<C> {
  /** The property of the object, relative to the enclosing group or row; may be a dotted path (`cause.category`). */
  key: string;
  label: string;
  hint?: Text<C>;
  /** Marks the label "(optional)". Whether a value is required is the schema's and the policy's business. */
  optional?: boolean;
  /** Asked only when this holds (a duty of the policy), or when the form already holds an answer to it. */
  when?: (ctx: C) => boolean;
  /** Shown beneath, and read only when, the sibling choice `key` has the answer `value`. */
  under?: { key: string; value: string };
  /** The message when the field was left empty and needed, in the Design System's style ("Enter…", "Select…"). */
  missing?: string;
  /** The message when the schema refuses what was entered; otherwise the schema's own. */
  invalid?: string;
  /** How messages about this answer start ("The date you found out must include a month"); else from the label. */
  subject?: string;
  /** Problems the schema reports at these paths (relative to the enclosing group) belong here when it is read. */
  claims?: readonly string[];
}

export type FieldDef<C = unknown> =
  | (BaseField<C> & {
      kind: 'text' | 'email' | 'tel' | 'textarea';
      /** The longest answer the schema takes: "… must be N characters or fewer". */
      max?: number;
      width?: string;
      autocomplete?: string;
      rows?: number;
    })
  | (BaseField<C> & {
      kind: 'integer';
      min?: number;
      max?: number;
      width?: string;
      /** The answer may be a best estimate, and the message says so. */
      estimate?: boolean;
    })
  | (BaseField<C> & {
      kind: 'choice';
      type: 'string' | 'boolean' | 'integer';
      options: readonly Option[];
      inline?: boolean;
    })
  | (BaseField<C> & {
      kind: 'checkboxes';
      options: readonly Option[];
      /** A long list read better under sub-headings; still one question, one name, one error. */
      groups?: readonly { heading: string; values: readonly string[] }[];
    })
  | (BaseField<C> & { kind: 'datetime' })
  /** An object. Left empty, it is left out, unless `alwaysSent` (then each missing member is named). */
  | (BaseField<C> & { kind: 'group'; fields: readonly FieldDef<C>[]; alwaysSent?: boolean })
  /** An array of strings, one box each; empty boxes are dropped. */
  | (BaseField<C> & { kind: 'list'; max: number; boxes: number; maxItems: number })
  /**
   * An array of objects, one fieldset each. With `fixed`, one row per value (each party the policy names), every row
   * answered; without, `rows` spare rows of which the empty ones are dropped.
   */
  | (BaseField<C> & {
      kind: 'rows';
      fields: readonly FieldDef<C>[];
      rowLabel: (index: number, fixedValue: string | undefined) => string;
      fixed?: { key: string; values: (ctx: C) => readonly string[] };
      rows?: number;
      maxItems: number;
    });

/** Radios and checkboxes with this many options or more use the smaller style, so a long list stays scannable. */
const SMALL_FROM = 7;

const joinName = (prefix: string, key: string) => (prefix ? `${prefix}.${key}` : key);

const textOf = <C, T>(text: Text<C, T>, ctx: C): T =>
  typeof text === 'function' ? (text as (ctx: C) => T)(ctx) : text;

const labelOf = (def: FieldDef<never>): string => def.label.replace(/\?$/, '');

/** How a message about this answer starts: its subject, else its label ("When was it made: the date and time"). */
const subjectOf = (def: FieldDef<never>, what?: string): string =>
  def.subject ?? (what ? `${labelOf(def)}: ${what}` : labelOf(def));

/** Indices of the numbered entries `<name>[i]…` present in the values, in order. */
const presentIndices = (values: URLSearchParams, name: string): number[] => {
  const pattern = new RegExp(`^${name.replace(/[.[\]]/g, '\\$&')}\\[(\\d+)\\]`);
  const indices = new Set<number>();
  for (const key of values.keys()) {
    const match = pattern.exec(key);
    if (match?.[1] !== undefined && Number(match[1]) < 1000) indices.add(Number(match[1]));
  }
  return [...indices].sort((a, b) => a - b);
};

const trimmedIn = (values: URLSearchParams, name: string): string => (values.get(name) ?? '').trim();

/** Whether any input under this name holds a non-blank value. */
export const hasValue = (values: URLSearchParams, name: string): boolean => {
  for (const [key, value] of values) {
    if ((key === name || key.startsWith(`${name}.`) || key.startsWith(`${name}[`)) && value.trim() !== '') return true;
  }
  return false;
};

/** The answers a field needs to be read: the chain of `under` conditions up its siblings. */
type Condition = { name: string; value: string };

const conditionsOf = (def: FieldDef<never>, siblings: readonly FieldDef<never>[], prefix: string): Condition[] => {
  if (!def.under) return [];
  const { key, value } = def.under;
  const parent = siblings.find((sibling) => sibling.key === key);
  return [{ name: joinName(prefix, key), value }, ...(parent ? conditionsOf(parent, siblings, prefix) : [])];
};

const holds = (conditions: readonly Condition[], values: URLSearchParams): boolean =>
  conditions.every((c) => trimmedIn(values, c.name) === c.value);

// ---------------------------------------------------------------------------------------------------------------
// Placing the fields: which are shown, under which names and ids
// ---------------------------------------------------------------------------------------------------------------

/** A field as it appears on the page: its full form name, the id of its first input, and what it contains. */
export interface PlacedField<C = unknown> {
  def: FieldDef<C>;
  name: string;
  /** Where an error summary link lands: the first input of the field. */
  anchor: string;
  children: PlacedField<C>[];
  /** For a choice: the follow-ups shown beneath each answer. */
  revealed?: Map<string, PlacedField<C>[]>;
  /** The answers under which it is read; empty when it always is. */
  conditions: Condition[];
  /** For a row of `rows` with `fixed`: the fixed value; for a row: its legend. */
  fixedValue?: string;
  rowLabel?: string;
}

const placeOne = <C>(
  def: FieldDef<C>,
  prefix: string,
  ctx: C,
  values: URLSearchParams,
  conditions: Condition[],
): PlacedField<C> | undefined => {
  const name = joinName(prefix, def.key);
  if (def.when && !def.when(ctx) && !hasValue(values, name)) return undefined;
  const id = fieldId(name);
  switch (def.kind) {
    case 'datetime':
      return { def, name, anchor: `${id}-day`, children: [], conditions };
    case 'group': {
      const children = placeAll(def.fields, name, ctx, values, conditions);
      return { def, name, anchor: children[0]?.anchor ?? id, children, conditions };
    }
    case 'list': {
      const present = presentIndices(values, name);
      // One spare box beyond the last one sent, so a form that comes back with problems can take one more.
      const count = Math.min(def.maxItems, Math.max(def.boxes, (present.at(-1) ?? -1) + 2));
      const children = Array.from({ length: count }, (_, i): PlacedField<C> => {
        const itemName = `${name}[${i}]`;
        return { def, name: itemName, anchor: fieldId(itemName), children: [], conditions };
      });
      return { def, name, anchor: children[0]?.anchor ?? id, children, conditions };
    }
    case 'rows': {
      const present = presentIndices(values, name);
      let fixedValues: (string | undefined)[];
      if (def.fixed) {
        const fixedKey = def.fixed.key;
        const submitted = present.map((i) => values.get(`${name}[${i}].${fixedKey}`) ?? '');
        const missing = def.fixed.values(ctx).filter((value) => !submitted.includes(value));
        fixedValues = [...submitted, ...missing].slice(0, def.maxItems);
      } else {
        const count = Math.min(def.maxItems, Math.max(def.rows ?? 1, (present.at(-1) ?? -1) + 2));
        fixedValues = Array.from({ length: count }, () => undefined);
      }
      const children = fixedValues.map((fixedValue, i): PlacedField<C> => {
        const rowName = `${name}[${i}]`;
        const fields = placeAll(def.fields, rowName, ctx, values, conditions);
        return {
          def,
          name: rowName,
          anchor: fields[0]?.anchor ?? fieldId(rowName),
          children: fields,
          conditions,
          ...(fixedValue === undefined ? {} : { fixedValue }),
          rowLabel: def.rowLabel(i, fixedValue),
        };
      });
      return { def, name, anchor: children[0]?.anchor ?? id, children, conditions };
    }
    default:
      return { def, name, anchor: id, children: [], conditions };
  }
};

/** Places sibling fields; a follow-up goes beneath the answer of the choice it belongs to, not among the siblings. */
const placeAll = <C>(
  defs: readonly FieldDef<C>[],
  prefix: string,
  ctx: C,
  values: URLSearchParams,
  conditions: Condition[],
): PlacedField<C>[] => {
  const placeWith = (def: FieldDef<C>, inherited: Condition[]): PlacedField<C> | undefined => {
    const placed = placeOne(def, prefix, ctx, values, inherited);
    if (!placed || def.kind !== 'choice') return placed;
    const followUps = defs.filter((other) => other.under?.key === def.key);
    if (followUps.length === 0) return placed;
    placed.revealed = new Map(
      def.options.map((option) => [
        option.value,
        followUps
          .filter((f) => f.under?.value === option.value)
          .flatMap((f) => {
            const inner = placeWith(f, [...inherited, { name: placed.name, value: option.value }]);
            return inner ? [inner] : [];
          }),
      ]),
    );
    return placed;
  };
  return defs.flatMap((def) => {
    if (def.under) return [];
    const placed = placeWith(def, conditions);
    return placed ? [placed] : [];
  });
};

/** The fields of a form as shown for this context and these values. */
export const placeFields = <C>(defs: readonly FieldDef<C>[], ctx: C, values: URLSearchParams): PlacedField<C>[] =>
  placeAll(defs, '', ctx, values, []);

/** Every placed field, in the order of the page: each followed by what it contains and what is revealed under it. */
export const flattenPlaced = <C>(fields: readonly PlacedField<C>[]): PlacedField<C>[] =>
  fields.flatMap((field) => [
    field,
    ...flattenPlaced(field.children),
    ...flattenPlaced([...(field.revealed?.values() ?? [])].flat()),
  ]);

// ---------------------------------------------------------------------------------------------------------------
// Reading a submitted form
// ---------------------------------------------------------------------------------------------------------------

/** Something the form could not turn into a value, at its path in the object; `parts` names the date boxes to mark. */
export interface ReadingProblem {
  path: string;
  message: string;
  parts?: DateTimePart[];
}

export interface FormReading {
  /** The object as the schema will judge it: only what was answered, in the schema's shape. */
  body: Record<string, unknown>;
  /** What could not be read at all, in words for the person. */
  problems: ReadingProblem[];
  /** An object path's form name: `recommendations[0].owner` may be the second row on the page. */
  formPath: (path: string) => string;
}

export interface ReadOptions {
  /** The organisation's zone, in which dates and times are typed. */
  timeZone: string;
}

const PART_WORDS: Record<DateTimePart, string> = {
  day: 'a day',
  month: 'a month',
  year: 'a year',
  hour: 'an hour',
  minute: 'a minute',
};

interface Reader {
  fields: URLSearchParams;
  timeZone: string;
  problems: ReadingProblem[];
  renames: [objectPrefix: string, formPrefix: string][];
}

const trimmed = (reader: Reader, name: string): string => trimmedIn(reader.fields, name);

const readDateTime = (reader: Reader, def: FieldDef<never>, name: string, path: string): string | undefined => {
  const raw = Object.fromEntries(DATE_TIME_PARTS.map((part) => [part, trimmed(reader, `${name}.${part}`)])) as Record<
    DateTimePart,
    string
  >;
  const missing = DATE_TIME_PARTS.filter((part) => raw[part] === '');
  if (missing.length === DATE_TIME_PARTS.length) return undefined;
  const subject = subjectOf(def, 'the date and time');
  if (missing.length > 0) {
    reader.problems.push({
      path,
      message: `${subject} must include ${listWords(missing.map((part) => PART_WORDS[part]))}`,
      parts: missing,
    });
    return undefined;
  }
  const notNumbers = DATE_TIME_PARTS.filter((part) => !/^\d{1,4}$/.test(raw[part]));
  if (notNumbers.length > 0) {
    reader.problems.push({ path, message: `${subject} must be given in numbers`, parts: notNumbers });
    return undefined;
  }
  if (raw.year.length !== 4) {
    reader.problems.push({ path, message: 'The year must include 4 numbers, like 2026', parts: ['year'] });
    return undefined;
  }
  const wall = Object.fromEntries(DATE_TIME_PARTS.map((part) => [part, Number(raw[part])])) as unknown as WallTime;
  if (!isRealWallTime(wall)) {
    reader.problems.push({ path, message: `${subject} must be a real date, and a time on the 24-hour clock` });
    return undefined;
  }
  return isoFromWallTime(wall, reader.timeZone);
};

const readScalar = (reader: Reader, def: FieldDef<never>, name: string, path: string): unknown => {
  switch (def.kind) {
    case 'text':
    case 'email':
    case 'tel':
      return trimmed(reader, name) || undefined;
    case 'textarea':
      // Browsers send line breaks as CRLF; stored text uses LF, as the API's JSON would.
      return trimmed(reader, name).replace(/\r\n?/g, '\n') || undefined;
    case 'integer': {
      // People write "1,200" or "1 200"; a number is still what they meant.
      const value = trimmed(reader, name).replace(/[,\s]/g, '');
      if (value === '') return undefined;
      if (!/^\d{1,12}$/.test(value)) {
        reader.problems.push({
          path,
          message: `${subjectOf(def)} must be a whole number, like 25${def.estimate ? '. If you do not know, give your best estimate' : ''}`,
        });
        return undefined;
      }
      return Number(value);
    }
    case 'choice': {
      const value = trimmed(reader, name);
      if (value === '') return undefined;
      // A value no option offers is passed on as it is: the schema names it, and nothing is guessed.
      if (def.type === 'boolean') return value === 'yes' ? true : value === 'no' ? false : value;
      if (def.type === 'integer') return /^\d+$/.test(value) ? Number(value) : value;
      return value;
    }
    case 'checkboxes': {
      const values = reader.fields.getAll(name).map((value) => value.trim());
      return values.length === 0 ? undefined : values;
    }
    case 'datetime':
      return readDateTime(reader, def, name, path);
    default:
      return undefined;
  }
};

const isEmptyObject = (value: Record<string, unknown>) => Object.keys(value).length === 0;

/** Sets a value at a dotted path, making the objects on the way. */
const setPath = (target: Record<string, unknown>, path: string, value: unknown): void => {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (typeof next === 'object' && next !== null && !Array.isArray(next)) {
      node = next as Record<string, unknown>;
    } else {
      const created: Record<string, unknown> = {};
      node[key] = created;
      node = created;
    }
  }
  node[keys.at(-1) as string] = value;
};

const getPath = (source: unknown, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined),
      source,
    );

const readFields = (
  reader: Reader,
  defs: readonly FieldDef<never>[],
  formPrefix: string,
  pathPrefix: string,
): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const def of defs) {
    if (!holds(conditionsOf(def, defs, formPrefix), reader.fields)) continue;
    const name = joinName(formPrefix, def.key);
    const path = joinName(pathPrefix, def.key);
    let value: unknown;
    switch (def.kind) {
      case 'group': {
        const group = readFields(reader, def.fields, name, path);
        // A group left empty is not there, and the schema or the policy says whether it was needed.
        value = !def.alwaysSent && isEmptyObject(group) ? undefined : group;
        break;
      }
      case 'list': {
        const items: string[] = [];
        for (const i of presentIndices(reader.fields, name)) {
          const item = trimmed(reader, `${name}[${i}]`).replace(/\r\n?/g, '\n');
          if (item === '') continue;
          if (items.length !== i) reader.renames.push([`${path}[${items.length}]`, `${name}[${i}]`]);
          items.push(item);
        }
        value = items;
        break;
      }
      case 'rows': {
        const rows: Record<string, unknown>[] = [];
        for (const i of presentIndices(reader.fields, name)) {
          const rowName = `${name}[${i}]`;
          const rowPath = `${path}[${rows.length}]`;
          const fixed = def.fixed ? trimmed(reader, `${rowName}.${def.fixed.key}`) : undefined;
          const before = reader.problems.length;
          const row = readFields(reader, def.fields, rowName, rowPath);
          // A spare row left empty is dropped; a row for a fixed party always counts, so an unanswered one is named.
          if (!def.fixed && isEmptyObject(row) && reader.problems.length === before) continue;
          if (rowPath !== rowName) reader.renames.push([rowPath, rowName]);
          rows.push(def.fixed && fixed ? { [def.fixed.key]: fixed, ...row } : row);
        }
        // Always an array, possibly empty: every array of the schemas is required, if only as [].
        value = rows;
        break;
      }
      default:
        value = readScalar(reader, def, name, path);
    }
    if (value !== undefined) setPath(out, def.key, value);
  }
  return out;
};

/**
 * Turns the urlencoded body of a form into the object its schema expects. Inputs the form does not define are
 * ignored, as the form never sends them; the CSRF token and the form's key are the handler's business.
 */
export const readForm = <C>(
  defs: readonly FieldDef<C>[],
  fields: URLSearchParams,
  options: ReadOptions,
): FormReading => {
  const reader: Reader = { fields, timeZone: options.timeZone, problems: [], renames: [] };
  const body = readFields(reader, defs as readonly FieldDef<never>[], '', '');
  const renames = [...reader.renames].sort((a, b) => b[0].length - a[0].length);
  const formPath = (objectPath: string): string => {
    for (const [from, to] of renames) {
      if (objectPath === from || objectPath.startsWith(`${from}.`) || objectPath.startsWith(`${from}[`)) {
        return to + objectPath.slice(from.length);
      }
    }
    return objectPath;
  };
  return { body, problems: reader.problems, formPath };
};

// ---------------------------------------------------------------------------------------------------------------
// Values for the form, from an object
// ---------------------------------------------------------------------------------------------------------------

const writeFields = (
  out: URLSearchParams,
  defs: readonly FieldDef<never>[],
  data: unknown,
  prefix: string,
  timeZone: string,
): void => {
  for (const def of defs) {
    const value = getPath(data, def.key);
    if (value === undefined || value === null) continue;
    const name = joinName(prefix, def.key);
    switch (def.kind) {
      case 'group':
        writeFields(out, def.fields, value, name, timeZone);
        break;
      case 'list':
        (value as unknown[]).forEach((item, i) => {
          out.set(`${name}[${i}]`, String(item));
        });
        break;
      case 'rows':
        (value as Record<string, unknown>[]).forEach((row, i) => {
          const rowName = `${name}[${i}]`;
          if (def.fixed) out.set(`${rowName}.${def.fixed.key}`, String(row[def.fixed.key] ?? ''));
          writeFields(out, def.fields, row, rowName, timeZone);
        });
        break;
      case 'checkboxes':
        for (const item of Array.isArray(value) ? value : [value]) out.append(name, String(item));
        break;
      case 'datetime': {
        const wall = wallTimeOf(String(value), timeZone);
        for (const part of DATE_TIME_PARTS) out.set(`${name}.${part}`, String(wall[part]));
        break;
      }
      case 'choice':
        out.set(name, typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value));
        break;
      default:
        out.set(name, String(value));
    }
  }
};

/** The form values that show an object: what a person would have typed to send it. */
export const writeForm = <C>(defs: readonly FieldDef<C>[], data: unknown, options: ReadOptions): URLSearchParams => {
  const out = new URLSearchParams();
  writeFields(out, defs as readonly FieldDef<never>[], data, '', options.timeZone);
  return out;
};

// ---------------------------------------------------------------------------------------------------------------
// Problems on the page
// ---------------------------------------------------------------------------------------------------------------

/** One problem with the object, at its path (`occurred.from`, `parties[1].told`), as the schema or a policy says. */
export interface FieldProblem {
  path: string;
  message: string;
}

export interface FieldError {
  message: string;
  /** The date boxes to mark; all of them when absent. */
  parts?: readonly DateTimePart[];
}

export interface FormErrors {
  /** By placed field name (a field, a group, a list box or a row). */
  byName: Map<string, FieldError>;
  /** In the order of the fields on the page. */
  summary: ErrorSummaryItem[];
}

export const NO_ERRORS: FormErrors = { byName: new Map(), summary: [] };

const isRead = (field: PlacedField<never>, values: URLSearchParams) => holds(field.conditions, values);

/**
 * The placed field a path belongs to: itself; else the read field that claims it (a period that starts after
 * awareness belongs on the date it starts); else the first read field inside it; else its nearest ancestor's.
 */
const locate = <C>(all: readonly PlacedField<C>[], formPath: string, values: URLSearchParams) => {
  for (let path = formPath; path !== ''; ) {
    const exact = all.find((field) => field.name === path);
    if (exact) return exact;
    const claimant = all.find(
      (field) =>
        isRead(field, values) &&
        field.def.claims?.some((claim) => joinName(field.name.slice(0, -field.def.key.length - 1), claim) === path),
    );
    if (claimant) return claimant;
    const inside = all.find((field) => field.name.startsWith(`${path}.`) && isRead(field, values));
    if (inside) return inside;
    const parent = path.replace(/(\.[^.[\]]+|\[\d+\])$/, '');
    if (parent === path) break;
    path = parent;
  }
  return undefined;
};

const maxLengthOf = (field: PlacedField<never>): number | undefined => {
  const { def } = field;
  if (def.kind === 'text' || def.kind === 'email' || def.kind === 'tel' || def.kind === 'textarea') return def.max;
  // A list's boxes are placed with the list's definition.
  if (def.kind === 'list' && field.name !== def.key && field.name.endsWith(']')) return def.max;
  return undefined;
};

const schemaMessage = (field: PlacedField<never>, problem: FieldProblem, values: URLSearchParams): string => {
  const { def } = field;
  if (!hasValue(values, field.name)) {
    const label = labelOf(def);
    return def.missing ?? `Enter ${label.charAt(0).toLowerCase()}${label.slice(1)}`;
  }
  const max = maxLengthOf(field);
  if (max !== undefined && trimmedIn(values, field.name).length > max) {
    return `${subjectOf(def)} must be ${grouped(max)} characters or fewer`;
  }
  return def.invalid ?? sentenceCase(problem.message);
};

export interface ErrorsInput<C> {
  placed: readonly PlacedField<C>[];
  values: URLSearchParams;
  reading: Pick<FormReading, 'problems'> & Partial<Pick<FormReading, 'formPath'>>;
  problems: readonly FieldProblem[];
  /**
   * Whether the problems are the schema's, whose words are written for programmers (then the field's own words are
   * shown), or a policy's, whose words say what it requires (then they are kept).
   */
  fromSchema: boolean;
}

/**
 * Puts each problem on its field: the message shown beside it and the error summary's link to it. What the form
 * could not read keeps the reader's words; a problem the schema found gets the field's own words ("Enter…", "… must
 * be 500 characters or fewer"); a policy's problem keeps the policy's words. One message per field, the first found.
 * A problem with no field of its own (the case cannot close yet) is listed without a link.
 */
export const formErrors = <C>(input: ErrorsInput<C>): FormErrors => {
  const { values } = input;
  const formPath = input.reading.formPath ?? ((path: string) => path);
  const all = flattenPlaced(input.placed);
  const rows = all.filter((field) => field.rowLabel !== undefined);
  const rowOf = (name: string) => rows.find((row) => name === row.name || name.startsWith(`${row.name}.`));
  const readPaths = new Set(input.reading.problems.map((p) => p.path));
  const byName = new Map<string, FieldError>();
  const located: { order: number; item: ErrorSummaryItem }[] = [];
  const unlocated: ErrorSummaryItem[] = [];
  const every = [
    ...input.reading.problems.map((problem) => ({ problem, read: true })),
    ...input.problems.filter((p) => !readPaths.has(p.path)).map((problem) => ({ problem, read: false })),
  ];
  for (const { problem, read } of every) {
    const field = locate(all, formPath(problem.path), values);
    if (!field) {
      const text = sentenceCase(problem.message);
      if (!unlocated.some((item) => item.text === text)) unlocated.push({ text });
      continue;
    }
    if (byName.has(field.name)) continue;
    const row = rowOf(field.name);
    const suffix = row && row !== field ? ` (${row.rowLabel})` : '';
    const parts = read ? (problem as ReadingProblem).parts : undefined;
    const message =
      (read || !input.fromSchema ? sentenceCase(problem.message) : schemaMessage(field, problem, values)) + suffix;
    byName.set(field.name, { message, ...(parts ? { parts } : {}) });
    const anchor = field.def.kind === 'datetime' && parts?.[0] ? `${fieldId(field.name)}-${parts[0]}` : field.anchor;
    located.push({ order: all.indexOf(field), item: { text: message, href: `#${anchor}` } });
  }
  return { byName, summary: [...unlocated, ...located.sort((a, b) => a.order - b.order).map((l) => l.item)] };
};

// ---------------------------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------------------------

const labelText = (def: FieldDef<never>): string => `${def.label}${def.optional ? ' (optional)' : ''}`;

const dateParts = (values: URLSearchParams, name: string): Partial<Record<DateTimePart, string>> =>
  Object.fromEntries(DATE_TIME_PARTS.map((part) => [part, values.get(`${name}.${part}`) ?? '']));

const choiceItems = (options: readonly Option[]): ChoiceItem[] =>
  options.map((option) => ({ value: option.value, text: option.text, ...(option.hint ? { hint: option.hint } : {}) }));

export interface RenderContext<C> {
  ctx: C;
  values: URLSearchParams;
  errors: Map<string, FieldError>;
}

/** One placed field as GOV.UK markup; `nested` inside a group, a row or under an answer (smaller labels). */
export const renderField = <C>(field: PlacedField<C>, r: RenderContext<C>, nested = false): Html => {
  const { def, name } = field;
  const { values } = r;
  const id = fieldId(name);
  const fieldError = r.errors.get(name);
  const error = fieldError?.message;
  const hint = def.hint === undefined ? undefined : textOf(def.hint, r.ctx);
  const legendSize = nested ? 's' : 'm';
  const labelClass = nested ? {} : { labelClass: 'govuk-label--m' };
  const children = (fields: readonly PlacedField<C>[]) => fields.map((child) => renderField(child, r, true));
  switch (def.kind) {
    case 'text':
    case 'email':
    case 'tel':
      return textInput({
        id,
        name,
        label: labelText(def),
        hint,
        error,
        value: values.get(name) ?? '',
        type: def.kind === 'email' ? 'email' : 'text',
        ...labelClass,
        ...(def.width ? { width: def.width } : {}),
        ...(def.autocomplete ? { autocomplete: def.autocomplete } : {}),
        ...(def.kind === 'text' ? {} : { spellcheck: false }),
      });
    case 'textarea':
      return textarea({
        id,
        name,
        label: labelText(def),
        hint,
        error,
        value: values.get(name) ?? '',
        rows: def.rows ?? 5,
        ...labelClass,
      });
    case 'integer':
      return textInput({
        id,
        name,
        label: labelText(def),
        hint,
        error,
        value: values.get(name) ?? '',
        width: def.width ?? 'width-10',
        inputmode: 'numeric',
        spellcheck: false,
        ...labelClass,
      });
    case 'choice': {
      const common = {
        id,
        name,
        legend: labelText(def),
        legendSize,
        hint,
        error,
        small: def.options.length >= SMALL_FROM,
        value: values.get(name) ?? undefined,
      } as const;
      const { revealed } = field;
      if (!revealed || [...revealed.values()].every((under) => under.length === 0)) {
        return radios({ ...common, items: choiceItems(def.options), ...(def.inline ? { inline: true } : {}) });
      }
      return conditionalRadios({
        ...common,
        items: choiceItems(def.options).map((item) => ({
          ...item,
          conditional: children(revealed.get(item.value) ?? []),
        })),
      });
    }
    case 'checkboxes': {
      const common = {
        id,
        name,
        legend: labelText(def),
        legendSize,
        hint,
        error,
        small: def.options.length >= SMALL_FROM,
      } as const;
      const checked = values.getAll(name);
      if (def.groups) {
        const byValue = new Map(def.options.map((option) => [option.value, option]));
        const groups = def.groups.map((group) => ({
          heading: group.heading,
          items: choiceItems(group.values.flatMap((value) => byValue.get(value) ?? [])),
        }));
        return groupedCheckboxes({ ...common, groups, values: checked });
      }
      return checkboxes({ ...common, items: choiceItems(def.options), values: checked });
    }
    case 'datetime': {
      const parts = dateParts(values, name);
      // Parts the reader named are marked; else, with some boxes filled, only the empty ones; else all of them.
      const empty = DATE_TIME_PARTS.filter((part) => (parts[part] ?? '').trim() === '');
      const errorParts =
        fieldError?.parts ?? (empty.length > 0 && empty.length < DATE_TIME_PARTS.length ? empty : undefined);
      return dateTimeInput({
        id,
        name,
        legend: labelText(def),
        legendSize,
        hint,
        error,
        values: parts,
        ...(errorParts ? { errorParts } : {}),
      });
    }
    case 'group':
      return fieldset({ id, legend: labelText(def), legendSize, hint, error, content: children(field.children) });
    case 'list':
      return fieldset({
        id,
        legend: labelText(def),
        legendSize,
        hint,
        error,
        content: field.children.map((child, i) =>
          textarea({
            id: fieldId(child.name),
            name: child.name,
            label: `${def.label.replace(/s$/, '')} ${i + 1}`,
            error: r.errors.get(child.name)?.message,
            value: values.get(child.name) ?? '',
            rows: 2,
          }),
        ),
      });
    case 'rows':
      return fieldset({
        id,
        legend: labelText(def),
        legendSize,
        hint,
        error,
        content: field.children.map(
          (row) =>
            html`<div class="govuk-!-margin-bottom-6">${fieldset({
              id: fieldId(row.name),
              legend: row.rowLabel ?? '',
              legendSize: 's',
              error: r.errors.get(row.name)?.message,
              content: [
                def.fixed && row.fixedValue !== undefined
                  ? hiddenInput(`${row.name}.${def.fixed.key}`, row.fixedValue)
                  : undefined,
                children(row.children),
              ],
            })}</div>`,
        ),
      });
  }
};

/** Fields in order. The form element, its token and its button are the page's. */
export const renderFields = <C>(placed: readonly PlacedField<C>[], r: RenderContext<C>): Html =>
  html`${placed.map((field) => renderField(field, r))}`;
