import { describe, expect, it } from 'vitest';
import type { SubjectRow } from '../../../functions/domain/add-subjects';
import { presetPolicy } from '../../../functions/domain/presets';
import type { BreachState } from '../../../functions/domain/state';
import { SUBJECT_CSV_COLUMNS } from '../../../functions/domain/subjects';
import { csvSubjectRows } from '../../../functions/http/subject-csv-rows';
import {
  COLUMN_GUIDE,
  exampleCsv,
  headerProblems,
  renderSubjectsUploadPage,
  rowProblems,
  subjectsTemplateCsv,
} from '../../../functions/pages/subjects-upload-page';

/** The upload page's words: the template, the guide and the example agree with the parser; problems name line and column. */

const rowsOf = async (csv: string): Promise<SubjectRow[]> => {
  const rows: SubjectRow[] = [];
  for await (const row of csvSubjectRows(Buffer.from(csv))) rows.push(row);
  return rows;
};

const state = {
  breachId: 'BR-7K3M-9QXD-2F8A-1C4E',
  subjects: { listed: 3, rejected: 0, sent: 0, failed: 0 },
} as BreachState;

const render = (extra: Partial<Parameters<typeof renderSubjectsUploadPage>[0]> = {}) =>
  renderSubjectsUploadPage({
    base: '/v1/console',
    assetsPath: '/v1/assets',
    session: {
      userId: 'usr_org-a-dpo',
      organisationId: 'org-a',
      name: 'Dana',
      email: 'dpo@org-a.example.org',
      roles: ['dpo'],
    } as Parameters<typeof renderSubjectsUploadPage>[0]['session'],
    csrfToken: 'the-token',
    organisationName: 'St Clare’s',
    policy: presetPolicy('school'),
    now: new Date('2026-12-04T12:00:00Z'),
    state,
    limits: { maxBytes: 2 * 1024 * 1024, maxRows: 10_000 },
    ...extra,
  });

describe('the template and the guide', () => {
  it('offers a template of exactly the columns the parser takes, which it reads as an empty list', async () => {
    expect(subjectsTemplateCsv()).toBe(`${SUBJECT_CSV_COLUMNS.join(',')}\r\n`);
    expect(await rowsOf(subjectsTemplateCsv())).toEqual([]);
  });

  it('shows an example the parser takes as it is, a parent among them', async () => {
    const rows = await rowsOf(exampleCsv());
    expect(rows).toHaveLength(3);
    expect(rows.every((row) => row.result.ok)).toBe(true);
    const parent = rows.find((row) => row.result.ok && row.result.subject.representative);
    expect(parent?.result).toMatchObject({ ok: true, subject: { representative: { relationship: 'parent' } } });
  });

  it('explains every column in the order of the template', () => {
    const page = render();
    const order = SUBJECT_CSV_COLUMNS.map((column) =>
      page.indexOf(`<code class="govuk-!-font-size-16">${column}</code>`),
    );
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    for (const column of SUBJECT_CSV_COLUMNS) expect(COLUMN_GUIDE[column].what.length).toBeGreaterThan(10);
  });

  it('posts multipart to the breach’s own address with the token, a file input and a text area, and states the limits', () => {
    const page = render();
    expect(page).toContain(
      '<form method="post" enctype="multipart/form-data" novalidate action="/v1/console/breaches/BR-7K3M-9QXD-2F8A-1C4E/subjects">',
    );
    expect(page).toContain('name="csrfToken" value="the-token"');
    expect(page).toContain('<input class="govuk-file-upload" id="file" name="file" type="file" accept=".csv,text/csv"');
    expect(page).toContain('<textarea class="govuk-textarea" id="rows" name="rows"');
    expect(page).toContain('Up to 2 MB and 10,000 people');
    expect(page).toContain('3 people are on the list now.');
    expect(page).not.toMatch(/<script|\sstyle=|\son[a-z]+=/i);
  });

  it('shows the reason instead of the form when nobody can be added', () => {
    const page = render({ closedReason: 'The case is closed.' });
    expect(page).toContain('The case is closed.');
    expect(page).not.toContain('<form method="post" enctype');
  });
});

describe('problems in a list', () => {
  it('words each problem with its line and the column in words', () => {
    const problems = rowProblems(
      [
        { line: 4, errors: [{ field: 'email', message: 'email must be an e-mail address' }] },
        { line: 7, errors: [{ field: 'row', message: 'this row has 9 fields, the header 7' }] },
        {
          line: 9,
          errors: [{ field: 'csv', message: 'the file cannot be read from here on: a closing " is missing' }],
        },
      ],
      3,
      '#file',
    );
    expect(problems.map((p) => p.text)).toEqual([
      'Line 4, E-mail address (column email): must be an e-mail address',
      'Line 7: this row has 9 fields, the header 7',
      'Line 9: the file cannot be read from here on: a closing " is missing',
    ]);
    expect(problems.every((p) => p.href === '#file')).toBe(true);
  });

  it('lists the first rows and counts the others', () => {
    const rejected = Array.from({ length: 60 }, (_, i) => ({
      line: i + 2,
      errors: [{ field: 'name', message: 'name must not be empty' }],
    }));
    const problems = rowProblems(rejected, 1_200, '#rows', 50);
    expect(problems).toHaveLength(51);
    expect(problems.at(-1)?.text).toBe(
      '1,150 more rows have problems not listed here: fix these and send the list again to see them.',
    );
  });

  it('places a header problem on line 1, by the column’s position', () => {
    expect(
      headerProblems(
        [
          { path: 'header[2]', message: 'unknown column' },
          { path: 'header', message: "the header must have a 'name' column" },
        ],
        '#file',
      ).map((p) => p.text),
    ).toEqual([
      'Line 1 (the column names), column 3: unknown column',
      "Line 1 (the column names): the header must have a 'name' column",
    ]);
  });

  it('puts the problems in an error summary linking to the field, and marks the field', () => {
    const page = render({ problems: [{ text: 'Line 4, Name (column name): must not be empty', href: '#file' }] });
    expect(page).toContain('<title>Error:');
    expect(page).toContain('<a href="#file">Line 4, Name (column name): must not be empty</a>');
    expect(page).toContain('govuk-file-upload--error');
    expect(page).toContain('aria-describedby="file-hint file-error"');
  });
});
