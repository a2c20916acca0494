import type { APIGatewayProxyResult } from 'aws-lambda';
import {
  type AttachEvidenceDeps,
  attachmentDownload,
  browserUploadForm,
  confirmBrowserUpload,
} from '../domain/attach-evidence';
import type { AttachmentStore } from '../domain/attachment-store';
import { isAttachmentId } from '../domain/attachments';
import {
  AttachmentNotUploadedError,
  CaseClosedError,
  CaseInputInvalidError,
  CaseItemNotFoundError,
} from '../domain/case-errors';
import type { FieldProblem } from '../domain/decisions';
import { NotFoundError } from '../domain/errors';
import { type ConsolePageBase, consoleNotFoundPage, forbiddenPage } from '../pages/console-pages';
import { evidencePageHeaders, evidenceSection, renderEvidencePage } from '../pages/evidence-pages';
import { htmlResponse } from '../pages/response';

/**
 * The console's evidence routes, beside its case page (make-handler.ts hands over any path under
 * `/breaches/{id}/evidence`):
 *
 * - `GET …/evidence` — the "Add evidence" form, posting straight to the bucket under a fresh attachment id;
 * - `GET …/evidence/{attachmentId}` — where the bucket sends the browser back after the upload: the stored file is
 *   read, hashed and recorded (attach-evidence.ts), then the case page; a refused file shows the form again with the
 *   reasons, and nothing is recorded. A GET because that is what the bucket's redirect is; repeating it records
 *   nothing more, and it can only ever record a file already uploaded under this breach's own prefix;
 * - `GET …/evidence/{attachmentId}/download` — a one-minute download link, for the breach's own organisation.
 */

export interface ConsoleEvidence {
  store: AttachmentStore;
  /** The deployment's public base URL: the bucket redirects the browser back to an absolute address. */
  publicBaseUrl: string;
}

const EVIDENCE_PATH = /^\/breaches\/([^/]+)\/evidence(?:\/([^/]+)(\/download)?)?$/;

/** Whether the console path is one of these routes. */
export const isEvidencePath = (path: string): boolean => EVIDENCE_PATH.test(path);

export const evidenceRoute = async (
  deps: Omit<AttachEvidenceDeps, 'store'> & { evidence: ConsoleEvidence },
  input: {
    path: string;
    method: string;
    page: ConsolePageBase;
    person: { name: string; role: string; email?: string; userId: string };
  },
): Promise<APIGatewayProxyResult> => {
  const { page: p } = input;
  const match = EVIDENCE_PATH.exec(input.path);
  const breachId = match?.[1];
  const attachmentId = match?.[2];
  const download = match?.[3] !== undefined;
  const notFound = () => htmlResponse(404, consoleNotFoundPage(p.assetsPath, p.base));
  if (!breachId || input.method !== 'GET' || (attachmentId !== undefined && !isAttachmentId(attachmentId))) {
    return notFound();
  }
  const useCase: AttachEvidenceDeps = { ...deps, store: deps.evidence.store };
  const organisationId = p.session.organisationId;
  const caseUrl = `${p.base}/breaches/${breachId}`;

  const showForm = async (statusCode: number, problems: readonly FieldProblem[] = []) => {
    const { form, state } = await browserUploadForm(useCase, {
      organisationId,
      breachId,
      redirectTo: (id) => new URL(`${caseUrl}/evidence/${id}`, deps.evidence.publicBaseUrl).href,
    });
    return {
      statusCode,
      headers: evidencePageHeaders(form.url),
      body: renderEvidencePage({ ...p, state, form, problems }),
    };
  };

  try {
    if (attachmentId === undefined) return await showForm(200);
    if (download) {
      const { url } = await attachmentDownload(useCase, { organisationId, breachId, attachmentId });
      return { statusCode: 302, headers: { location: url, 'cache-control': 'no-store' }, body: '' };
    }
    const { email, ...who } = input.person;
    await confirmBrowserUpload(useCase, {
      organisationId,
      breachId,
      attachmentId,
      actor: { kind: 'person', ...who, ...(email ? { email } : {}) },
    });
    return { statusCode: 303, headers: { location: `${caseUrl}#evidence`, 'cache-control': 'no-store' }, body: '' };
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof CaseItemNotFoundError) return notFound();
    if (error instanceof CaseClosedError) {
      return htmlResponse(409, forbiddenPage(p.assetsPath, 'The case is closed: its record can no longer change.'));
    }
    if (error instanceof CaseInputInvalidError) return showForm(422, error.problems);
    if (error instanceof AttachmentNotUploadedError) {
      return showForm(422, [{ path: 'file', message: 'no file arrived: choose a file before uploading' }]);
    }
    throw error;
  }
};

export { evidenceSection };
