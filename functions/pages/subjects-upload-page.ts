import type { Rejection } from '../domain/add-subjects';
import type { FieldError } from '../domain/errors';
import type { BreachState } from '../domain/state';
import { RELATIONSHIP_CHOICES } from '../domain/subject-csv-row';
import { SUBJECT_CSV_COLUMNS, type SubjectCsvColumn } from '../domain/subjects';
import {
  button,
  details,
  type ErrorSummaryItem,
  errorSummary,
  hiddenInput,
  insetText,
  paragraph,
  table,
} from './components';
import { type ConsolePageBase, consolePage } from './console-pages';
import { CSRF_FIELD } from './forms';
import { type Html, html } from './html';

/**
 * The console's page for adding the people affected by a breach: a CSV file (or its rows pasted), the template to
 * fill in, a plain-English guide to its columns, and the limits. Posted as multipart/form-data, so it works without
 * JavaScript; a file with problems lists each one by its line and column, and adds nobody.
 */

/** The form's fields, as the multipart reader must know them. */
export const UPLOAD_FILE_FIELD = 'file';
export const UPLOAD_ROWS_FIELD = 'rows';
export const UPLOAD_TEXT_FIELDS = [CSRF_FIELD, UPLOAD_ROWS_FIELD] as const;

export interface UploadLimits {
  /** The whole upload, in bytes. */
  maxBytes: number;
  /** People in one file. */
  maxRows: number;
}

interface ColumnGuide {
  /** The column in words, as the guide and the error messages name it. */
  label: string;
  what: string;
  needed: string;
}

const CONTACT = 'An e-mail address or a postal address, unless a representative is named';

/** Every column the CSV takes, in words: a record over the columns, so a column added to the parser needs its words. */
export const COLUMN_GUIDE: Record<SubjectCsvColumn, ColumnGuide> = {
  name: { label: 'Name', what: 'The person’s full name, as their notice should address them.', needed: 'Always' },
  email: { label: 'E-mail address', what: 'The person’s own e-mail address, to e-mail them.', needed: CONTACT },
  postal_address: {
    label: 'Postal address',
    what: 'The person’s postal address, to write to them. A cell may hold several lines if it is in quotes.',
    needed: CONTACT,
  },
  representative_name: {
    label: 'Representative’s name',
    what: 'Who is told instead of the person: a child’s parent or carer, a vulnerable adult’s next of kin, attorney or care professional. Leave the representative’s columns empty for someone told themselves.',
    needed: 'When someone acts for the person',
  },
  representative_email: {
    label: 'Representative’s e-mail address',
    what: 'The representative’s e-mail address.',
    needed: 'The representative’s e-mail address, or a postal address (theirs or the person’s) for a letter',
  },
  representative_relationship: {
    label: 'Relationship',
    what: `How the representative is related to the person: one of ${RELATIONSHIP_CHOICES}. A parent’s, carer’s or guardian’s notice is written to them as the child’s parent or carer.`,
    needed: 'When a representative is named',
  },
  representative_postal_address: {
    label: 'Representative’s postal address',
    what: 'Where the representative’s letter goes, when it is not the person’s own address.',
    needed: 'No',
  },
};

/** The template to fill in: the column names, in the order the guide lists them, and nothing else. */
export const subjectsTemplateCsv = (): string => `${SUBJECT_CSV_COLUMNS.join(',')}\r\n`;

const isColumn = (field: string): field is SubjectCsvColumn => Object.hasOwn(COLUMN_GUIDE, field);

/** "must be an e-mail address" rather than "email must be an e-mail address": the column is named before it. */
const withoutFieldName = (message: string): string => message.replace(/^[a-z_.]+ (must|is|are) /, '$1 ');

const fieldWords = (field: string): string | undefined => {
  if (isColumn(field)) return `${COLUMN_GUIDE[field].label} (column ${field})`;
  return field === 'row' || field === 'csv' ? undefined : field;
};

export interface UploadProblem {
  text: string;
  /** The field to go to: the file input or the pasted rows. */
  href: string;
}

/**
 * Each bad row's problems, one line each: "Line 4, E-mail address (column email): must be an e-mail address". The
 * first `shownRows` rows are listed; the rest are counted.
 */
export function rowProblems(
  rejected: readonly Rejection[],
  rejectedCount: number,
  href: string,
  shownRows = 50,
): UploadProblem[] {
  const listed = rejected.slice(0, shownRows).flatMap((rejection) =>
    rejection.errors.map((error) => {
      const where = 'line' in rejection ? `Line ${rejection.line}` : `Row ${rejection.index + 1}`;
      const field = fieldWords(error.field);
      return { text: `${where}${field ? `, ${field}` : ''}: ${withoutFieldName(error.message)}`, href };
    }),
  );
  const unlisted = rejectedCount - Math.min(rejected.length, shownRows);
  return unlisted > 0
    ? [
        ...listed,
        {
          text: `${unlisted.toLocaleString('en-GB')} more ${unlisted === 1 ? 'row has' : 'rows have'} problems not listed here: fix these and send the list again to see them.`,
          href,
        },
      ]
    : listed;
}

/** The first line's problems (unknown, repeated or missing columns; an empty file). */
export function headerProblems(errors: readonly FieldError[], href: string): UploadProblem[] {
  return errors.map((error) => {
    const column = /^header\[(\d+)\]$/.exec(error.path)?.[1];
    const where =
      column === undefined ? 'Line 1 (the column names)' : `Line 1 (the column names), column ${Number(column) + 1}`;
    return { text: `${where}: ${error.message}`, href };
  });
}

export interface SubjectsUploadPageInput extends ConsolePageBase {
  state: BreachState;
  limits: UploadLimits;
  problems?: readonly UploadProblem[];
  /** The rows pasted, shown again with their problems. */
  pasted?: string;
  /** Why nobody can be added now; the form is not shown. */
  closedReason?: string;
}

const megabytes = (bytes: number): string => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

export const renderSubjectsUploadPage = (p: SubjectsUploadPageInput): string => {
  const { state, limits } = p;
  const caseUrl = `${p.base}/breaches/${state.breachId}`;
  const problems = p.problems ?? [];
  const listed = Math.max(0, (state.subjects?.listed ?? 0) - (state.subjects?.erased ?? 0));
  const fileError = problems.find((problem) => problem.href === `#${UPLOAD_FILE_FIELD}`);
  const rowsError = problems.find((problem) => problem.href === `#${UPLOAD_ROWS_FIELD}`);
  const summaryItems: ErrorSummaryItem[] = problems.map((problem) => ({ text: problem.text, href: problem.href }));
  const errorLine = (id: string, problem: UploadProblem | undefined): Html | undefined =>
    problem
      ? html`<p id="${id}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> ${problems.length === 1 ? problem.text : 'The list has problems: see them listed above. Nobody was added.'}</p>`
      : undefined;

  const form = html`<form method="post" enctype="multipart/form-data" novalidate action="${caseUrl}/subjects">
${hiddenInput(CSRF_FIELD, p.csrfToken)}
<div class="govuk-form-group${fileError ? ' govuk-form-group--error' : ''}">
<label class="govuk-label govuk-label--m" for="${UPLOAD_FILE_FIELD}">Upload a CSV file</label>
<div id="${UPLOAD_FILE_FIELD}-hint" class="govuk-hint">Up to ${megabytes(limits.maxBytes)} and ${limits.maxRows.toLocaleString('en-GB')} people, saved as CSV (UTF-8).</div>
${errorLine(UPLOAD_FILE_FIELD, fileError)}
<input class="govuk-file-upload${fileError ? ' govuk-file-upload--error' : ''}" id="${UPLOAD_FILE_FIELD}" name="${UPLOAD_FILE_FIELD}" type="file" accept=".csv,text/csv" aria-describedby="${UPLOAD_FILE_FIELD}-hint${fileError ? ` ${UPLOAD_FILE_FIELD}-error` : ''}">
</div>
<details class="govuk-details"${rowsError || p.pasted ? ' open' : ''}><summary class="govuk-details__summary"><span class="govuk-details__summary-text">Or paste the rows instead</span></summary><div class="govuk-details__text">
<div class="govuk-form-group${rowsError ? ' govuk-form-group--error' : ''}">
<label class="govuk-label" for="${UPLOAD_ROWS_FIELD}">Rows, as CSV or copied from a spreadsheet</label>
<div id="${UPLOAD_ROWS_FIELD}-hint" class="govuk-hint">Start with the line of column names from the template, then one person a line. Cells copied from a spreadsheet can be pasted as they are. Leave this empty when you upload a file.</div>
${errorLine(UPLOAD_ROWS_FIELD, rowsError)}
<textarea class="govuk-textarea${rowsError ? ' govuk-textarea--error' : ''}" id="${UPLOAD_ROWS_FIELD}" name="${UPLOAD_ROWS_FIELD}" rows="8" spellcheck="false" aria-describedby="${UPLOAD_ROWS_FIELD}-hint${rowsError ? ` ${UPLOAD_ROWS_FIELD}-error` : ''}">
${p.pasted ?? ''}</textarea>
</div></div></details>
${insetText(`A list with any problem adds nobody: fix the lines listed and send the whole list again. Someone already on the list is not added twice. Nobody is told anything until you preview the notices and press “Send” on the notify step.`)}
${button('Add these people')}
</form>`;

  const content = html`<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
${problems.length > 0 ? errorSummary(summaryItems, 'There is a problem with the list: nobody was added') : undefined}
<span class="govuk-caption-l">Breach ${state.breachId}</span>
<h1 class="govuk-heading-xl">Add the people affected</h1>
${paragraph(listed === 0 ? 'Nobody is on the list yet.' : `${listed.toLocaleString('en-GB')} ${listed === 1 ? 'person is' : 'people are'} on the list now. People you add join them.`)}
${p.closedReason ? html`${paragraph(p.closedReason)}` : form}
<p class="govuk-body"><a class="govuk-link" href="${caseUrl}">Back to the breach</a></p>
</div></div>
<h2 class="govuk-heading-l" id="guide">How to fill in the list</h2>
${paragraph(html`<a class="govuk-link" href="${caseUrl}/subjects/template.csv" download>Download the template (CSV)</a>, fill in one row per person in a spreadsheet, and save it as “CSV UTF-8”. Keep the first line, the column names, as it is; the columns may come in any order, and a column you do not need may be left out (except name).`)}
${table({
  caption: 'The columns',
  head: ['Column', 'What to put in it', 'Needed'],
  rows: SUBJECT_CSV_COLUMNS.map((column) => [
    html`${COLUMN_GUIDE[column].label}<br><code class="govuk-!-font-size-16">${column}</code>`,
    COLUMN_GUIDE[column].what,
    COLUMN_GUIDE[column].needed,
  ]),
})}
${details(
  'An example',
  html`<pre class="govuk-body-s" tabindex="0">${exampleCsv()}</pre>${paragraph('Amara is e-mailed herself; Noah’s parent is e-mailed about him; Mr Jones is written to at his address.')}`,
)}`;
  return consolePage(p, `Add the people affected – breach ${state.breachId}`, content, problems.length > 0);
};

/** A filled-in example, shown under the guide: the parser takes it as it is (tested). */
export const exampleCsv = (): string =>
  [
    SUBJECT_CSV_COLUMNS.join(','),
    'Amara Okafor,amara@example.org,,,,,',
    'Noah Smith,,,Jo Smith,jo.smith@example.org,parent,',
    'David Jones,,"12 High Street, Leeds LS1 1AA",,,,',
  ].join('\n');
