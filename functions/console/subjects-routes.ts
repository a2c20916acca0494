import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { addSubjectList, SubjectListRefusedError } from '../domain/add-subject-list';
import { whyNoPeopleCanBeAdded } from '../domain/add-subjects';
import { isBreachId } from '../domain/breach-id';
import { BreachClosedError, SubjectsAlreadyDecidedError } from '../domain/case-errors';
import { NotFoundError } from '../domain/errors';
import { ownBreach } from '../domain/own-breach';
import type { BreachRepository } from '../domain/ports';
import { can, ROLE_LABELS } from '../domain/roles';
import { isValidCsrfToken } from '../domain/sessions';
import type { BreachState } from '../domain/state';
import type { SubjectList } from '../domain/subject-ports';
import { RequestFieldsError } from '../http/errors';
import { readMultipartForm, UnreadableMultipartError } from '../http/multipart-form';
import { SECURITY_HEADERS } from '../http/responses';
import { csvSubjectRows, delimiterOfHeaderLine } from '../http/subject-csv-rows';
import { type ConsolePageBase, consoleNotFoundPage, forbiddenPage, forgedFormPage } from '../pages/console-pages';
import { CSRF_FIELD } from '../pages/forms';
import { htmlResponse } from '../pages/response';
import {
  headerProblems,
  renderSubjectsUploadPage,
  rowProblems,
  subjectsTemplateCsv,
  UPLOAD_FILE_FIELD,
  UPLOAD_ROWS_FIELD,
  UPLOAD_TEXT_FIELDS,
  type UploadLimits,
  type UploadProblem,
} from '../pages/subjects-upload-page';

/**
 * The console's routes for the people affected by a breach (make-handler.ts hands over any path under
 * `/breaches/{id}/subjects`):
 *
 * - `GET …/subjects` — the upload page: the form, the column guide, the limits;
 * - `GET …/subjects/template.csv` — the template to fill in;
 * - `POST …/subjects` — a CSV file or pasted rows, as multipart/form-data. The body is read here, not by the console's
 *   urlencoded reader, and so is its anti-forgery token. All of the list or none of it (add-subject-list.ts): 422 with
 *   every problem by line and column, else 303 to the case page, which counts the list and leads to the preview.
 *
 * Only a person who may change a case (a role that decides) adds people: an auditor reads, a reporter never gets
 * here (403). Another organisation's breach is not found (404); a closed case, or one whose people were already dealt
 * with, answers 409 with the reason. Nothing about the people reaches a log: not a name, not the file's name.
 */

export interface ConsoleSubjects {
  subjects: SubjectList;
}

/**
 * 2 MiB of body: about 20,000 rows of ~100 bytes, more than the row limit needs. Well inside Lambda's 6 MB request
 * payload even base64-encoded (API Gateway encodes multipart/form-data, a binary media type of the API: ×4/3 gives
 * 2.8 MB) and API Gateway's 10 MB. 10,000 people keep the conditional puts (25 in flight) a few seconds from the
 * console's timeout; larger lists go in several files, or through the API.
 */
export const SUBJECTS_UPLOAD_LIMITS: UploadLimits = { maxBytes: 2 * 1024 * 1024, maxRows: 10_000 };

const SUBJECTS_PATH = /^\/breaches\/([^/]+)\/subjects(\/template\.csv)?$/;

/** Whether the console path is one of these routes: its POST body is multipart, read by the route itself. */
export const isSubjectsPath = (path: string): boolean => SUBJECTS_PATH.test(path);

const utf8 = new TextDecoder('utf-8', { fatal: true });
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const SPREADSHEET_FILE = /\.(xlsx|xlsm|xls|ods|numbers)$/i;

type Result = APIGatewayProxyResult;

export const subjectsRoute = async (
  deps: ConsoleSubjects & { breaches: BreachRepository; now: () => Date },
  input: {
    path: string;
    method: string;
    event: Pick<APIGatewayProxyEvent, 'body' | 'isBase64Encoded' | 'headers'>;
    page: ConsolePageBase;
    /** The session cookie's token: the form's anti-forgery token is derived from it. */
    sessionToken: string;
  },
): Promise<Result> => {
  const { page: p } = input;
  const match = SUBJECTS_PATH.exec(input.path);
  const breachId = match?.[1];
  const template = match?.[2] !== undefined;
  const session = p.session;
  const notFound = () => htmlResponse(404, consoleNotFoundPage(p.assetsPath, p.base));
  if (!isBreachId(breachId)) return notFound();
  if (!can(session.roles, 'decide')) {
    return htmlResponse(
      403,
      forbiddenPage(
        p.assetsPath,
        `Your role (${session.roles.map((r) => ROLE_LABELS[r]).join(', ')}) lets you read cases, not change them: the people affected are added by those who handle the case, such as the data protection officer.`,
      ),
    );
  }
  let state: BreachState;
  try {
    state = await ownBreach(deps.breaches, session.organisationId, breachId);
  } catch (error) {
    if (error instanceof NotFoundError) return notFound();
    throw error;
  }

  if (template) {
    if (input.method !== 'GET') return notFound();
    return {
      statusCode: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': 'attachment; filename="people-affected-template.csv"',
        ...SECURITY_HEADERS,
      },
      body: subjectsTemplateCsv(),
    };
  }

  const timeZone = p.policy.timeZone;
  const show = (statusCode: number, extra: { problems?: UploadProblem[]; pasted?: string; closedReason?: string }) =>
    htmlResponse(statusCode, renderSubjectsUploadPage({ ...p, state, limits: SUBJECTS_UPLOAD_LIMITS, ...extra }));
  const closedReason = whyNoPeopleCanBeAdded(state, timeZone);
  if (input.method === 'GET') return show(closedReason ? 409 : 200, closedReason ? { closedReason } : {});
  if (input.method !== 'POST') return htmlResponse(405, consoleNotFoundPage(p.assetsPath, p.base));

  let fields: URLSearchParams;
  let files: ReturnType<typeof readMultipartForm>['files'];
  try {
    ({ fields, files } = readMultipartForm(input.event, {
      maxBytes: SUBJECTS_UPLOAD_LIMITS.maxBytes,
      textFields: UPLOAD_TEXT_FIELDS,
      fileFields: [UPLOAD_FILE_FIELD],
      // The pasted rows share the file's limit: the body's.
      maxFieldBytes: SUBJECTS_UPLOAD_LIMITS.maxBytes,
    }));
  } catch (error) {
    if (!(error instanceof UnreadableMultipartError)) throw error;
    if (error.statusCode === 413) {
      // Only the form is shown again: nothing of the body was read, and nothing is written.
      return show(413, {
        problems: [
          {
            text: `The list is larger than ${SUBJECTS_UPLOAD_LIMITS.maxBytes / (1024 * 1024)} MB: split it into smaller files and add each one.`,
            href: `#${UPLOAD_FILE_FIELD}`,
          },
        ],
      });
    }
    return htmlResponse(error.statusCode, forgedFormPage(p.assetsPath));
  }
  if (!isValidCsrfToken(input.sessionToken, fields.get(CSRF_FIELD))) {
    return htmlResponse(403, forgedFormPage(p.assetsPath));
  }
  if (closedReason) return show(409, { closedReason });

  const pasted = fields.get(UPLOAD_ROWS_FIELD) ?? '';
  const file = files.get(UPLOAD_FILE_FIELD);
  const from = file ? `#${UPLOAD_FILE_FIELD}` : `#${UPLOAD_ROWS_FIELD}`;
  const refuse = (problems: UploadProblem[]) => show(422, { problems, ...(file ? {} : { pasted }) });
  const one = (text: string, href = from) => refuse([{ text, href }]);

  if (file && pasted.trim() !== '') {
    return one(
      'Choose a file or paste the rows, not both: empty the pasted rows to upload the file.',
      `#${UPLOAD_ROWS_FIELD}`,
    );
  }
  if (!file && pasted.trim() === '')
    return one('Choose a CSV file to upload, or paste the rows.', `#${UPLOAD_FILE_FIELD}`);
  const bytes = file ? file.bytes : Buffer.from(pasted, 'utf8');
  if (file && (SPREADSHEET_FILE.test(file.filename) || bytes.subarray(0, 4).equals(ZIP))) {
    return one(
      'The file is a spreadsheet, not CSV: in your spreadsheet choose “Save as” (or “Download”) and “CSV UTF-8”, then upload that file.',
    );
  }
  try {
    utf8.decode(bytes);
  } catch {
    return one(
      'The file is not saved as UTF-8, so names with accents would be printed wrongly: save it again as “CSV UTF-8” and upload that file.',
    );
  }

  try {
    const { email, ...who } = { userId: session.userId, name: session.name, email: session.email };
    await addSubjectList(
      { breaches: deps.breaches, subjects: deps.subjects, now: deps.now },
      {
        organisationId: session.organisationId,
        breachId,
        timeZone,
        // A file is CSV; pasted rows may be a spreadsheet's cells, which the clipboard holds tab-separated.
        rows: csvSubjectRows(bytes, file ? ',' : delimiterOfHeaderLine(pasted)),
        maxRows: SUBJECTS_UPLOAD_LIMITS.maxRows,
        actor: {
          kind: 'person',
          ...who,
          role: session.roles.map((r) => ROLE_LABELS[r]).join(', '),
          ...(email ? { email } : {}),
        },
      },
    );
  } catch (error) {
    if (error instanceof RequestFieldsError) return refuse(headerProblems(error.errors, from));
    if (error instanceof SubjectListRefusedError) {
      if (error.problem?.kind === 'empty') {
        return one('The list has nobody on it: add one row per person under the line of column names.');
      }
      const problems = rowProblems(error.rejected, error.rejectedCount, from);
      if (error.problem?.kind === 'too-many') {
        problems.unshift({
          text: `The list has more than ${error.problem.maxRows.toLocaleString('en-GB')} people: split it into files of up to ${error.problem.maxRows.toLocaleString('en-GB')} and add each one.`,
          href: from,
        });
      }
      return refuse(problems);
    }
    if (error instanceof BreachClosedError || error instanceof SubjectsAlreadyDecidedError) {
      return show(409, { closedReason: error.message });
    }
    if (error instanceof NotFoundError) return notFound();
    throw error;
  }
  return {
    statusCode: 303,
    headers: { location: `${p.base}/breaches/${breachId}#people-affected`, 'cache-control': 'no-store' },
    body: '',
  };
};
