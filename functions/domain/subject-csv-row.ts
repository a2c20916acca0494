import {
  RELATIONSHIPS,
  type Relationship,
  type RowResult,
  type SubjectCsvColumn,
  subjectSchema,
  toRowResult,
} from './subjects';
import { RELATIONSHIP_WORDS } from './vocabulary';

/**
 * One row of the CSV list of the people affected, as a person typed it into a spreadsheet: blank cells are absent
 * values, the representative exists when any of its cells is filled, the relationship may be written in words, and
 * every problem names the column — in words a person reads, never the record's codes — so the person fixing the
 * spreadsheet finds the cell and knows what to write in it.
 */

const CSV_FIELD: Record<string, SubjectCsvColumn> = {
  name: 'name',
  email: 'email',
  postalAddress: 'postal_address',
  'representative.name': 'representative_name',
  'representative.email': 'representative_email',
  'representative.relationship': 'representative_relationship',
  'representative.postalAddress': 'representative_postal_address',
  representative: 'representative_name',
};

const normaliseWords = (text: string): string =>
  text
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, ' ');

/**
 * What a relationship cell may hold: the vocabulary's words ("next of kin", "attorney (lasting power of attorney)")
 * or the code in any case, with spaces or hyphens ("Next-of-kin", "care professional", "other").
 */
const RELATIONSHIP_BY_CELL = new Map<string, Relationship>(
  RELATIONSHIPS.flatMap((relationship) => [
    [normaliseWords(relationship), relationship],
    [normaliseWords(RELATIONSHIP_WORDS[relationship]), relationship],
  ]),
);

const choices = RELATIONSHIPS.map((relationship) => RELATIONSHIP_WORDS[relationship]);
/** The relationships as the upload guide and the error messages list them: the vocabulary's words, one per value. */
export const RELATIONSHIP_CHOICES = `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}`;
const RELATIONSHIP_PROBLEM = `must be one of: ${RELATIONSHIP_CHOICES}`;

export const validateCsvRow = (row: Readonly<Partial<Record<SubjectCsvColumn, string>>>): RowResult => {
  const cell = (column: SubjectCsvColumn): string | undefined => {
    const value = row[column]?.trim();
    return value ? value : undefined;
  };
  const relationshipCell = cell('representative_relationship');
  const representative =
    cell('representative_name') ||
    cell('representative_email') ||
    relationshipCell ||
    cell('representative_postal_address')
      ? {
          name: cell('representative_name') ?? '',
          email: cell('representative_email'),
          // An unknown relationship stays as typed, for the schema to refuse; the message is ours (below).
          relationship:
            (relationshipCell && RELATIONSHIP_BY_CELL.get(normaliseWords(relationshipCell))) ?? relationshipCell ?? '',
          postalAddress: cell('representative_postal_address'),
        }
      : undefined;
  const candidate = {
    name: cell('name') ?? '',
    email: cell('email'),
    postalAddress: cell('postal_address'),
    representative,
  };
  const defined = JSON.parse(JSON.stringify(candidate)) as unknown;
  const result = toRowResult(subjectSchema.safeParse(defined), (p) => CSV_FIELD[p] ?? p);
  if (result.ok) return result;
  return {
    ok: false,
    // The schema's message lists the codes ("next-of-kin"), right for the JSON API, not for a spreadsheet's cell.
    errors: result.errors.map((error) =>
      error.field === 'representative_relationship' ? { ...error, message: RELATIONSHIP_PROBLEM } : error,
    ),
  };
};
