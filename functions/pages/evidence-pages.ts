import { createHash } from 'node:crypto';
import type { UploadForm } from '../domain/attachment-store';
import {
  ALLOWED_MEDIA_TYPES,
  ATTACHMENT_KIND_LABELS,
  ATTACHMENT_KINDS,
  ATTACHMENT_LIMITS,
  ATTACHMENT_MEDIA_TYPES,
} from '../domain/attachments';
import { formatInTimeZone } from '../domain/clocks';
import type { FieldProblem } from '../domain/decisions';
import type { BreachState } from '../domain/state';
import { errorSummary, hiddenInput, paragraph, radios, table, textarea } from './components';
import { type ConsolePageBase, consolePage } from './console-pages';
import { Html, html } from './html';
import { PAGE_HEADERS, SCRIPTED_PAGE_CSP } from './response';

/**
 * Evidence on the console: the case page's list of attached files, and the "Add evidence" page whose form posts the
 * file straight to the attachments bucket (a presigned POST policy: the file never passes through API Gateway or a
 * function, so the 25 MiB limit holds on AWS too), which then sends the browser back to the console to confirm it.
 *
 * Without JavaScript the form works as it stands: the console recognises the file's type from its first bytes and
 * records the SHA-256 it computes. With JavaScript, one small inline script (allowed by its hash in this page's
 * Content-Security-Policy, and on no other page) computes the file's SHA-256 in the browser, sends it and the file's
 * name and type with the upload, and the console refuses the file if the stored bytes hash to anything else.
 */

/** The form's field names as the bucket reads them: metadata `x-amz-meta-<name>` (attach-evidence.ts's BROWSER_FIELDS). */
const META = (name: 'kind' | 'description' | 'name' | 'sha256') => `x-amz-meta-${name}`;

/** Hashes the chosen file before the form leaves, and checks its size; the form works without it. */
const SCRIPT = `(() => {
  const form = document.getElementById('evidence-form');
  if (!form || !window.crypto || !crypto.subtle) return;
  const allowed = ${JSON.stringify(ATTACHMENT_MEDIA_TYPES)};
  const max = ${ATTACHMENT_LIMITS.maxBytes};
  let ready = false;
  form.addEventListener('submit', async (event) => {
    if (ready) return;
    const input = form.querySelector('input[type=file]');
    const file = input && input.files && input.files[0];
    if (!file) return;
    event.preventDefault();
    const status = document.getElementById('evidence-status');
    if (file.size > max) { status.textContent = 'The file is larger than 25 MiB: choose a smaller one.'; return; }
    status.textContent = 'Computing the file’s SHA-256…';
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
    const hex = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
    form.elements['${META('sha256')}'].value = hex;
    form.elements['${META('name')}'].value = encodeURIComponent(file.name);
    const description = form.elements['${META('description')}'];
    description.value = encodeURIComponent(description.value);
    if (allowed.includes(file.type)) form.elements['Content-Type'].value = file.type;
    status.textContent = 'Uploading (SHA-256 ' + hex + ')…';
    ready = true;
    form.submit();
  });
})();`;

const SCRIPT_HASH = `'sha256-${createHash('sha256').update(SCRIPT, 'utf8').digest('base64')}'`;

/**
 * The evidence page's headers: the console's scripted pages' own, with the form allowed to post to the bucket's origin
 * and this page's one inline script allowed by its hash.
 */
export const evidencePageHeaders = (formAction: string): Record<string, string> => ({
  ...PAGE_HEADERS,
  'content-security-policy': SCRIPTED_PAGE_CSP.replace("script-src 'self'", `script-src 'self' ${SCRIPT_HASH}`).replace(
    "form-action 'self'",
    `form-action 'self' ${new URL(formAction).origin}`,
  ),
});

const size = (bytes: number): string =>
  bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MiB`
    : bytes >= 1024
      ? `${Math.ceil(bytes / 1024)} KiB`
      : `${bytes} bytes`;

/** The case page's "Evidence" section: the files added, each with its SHA-256 and a download link. */
export const evidenceSection = (p: ConsolePageBase, state: BreachState): Html => {
  const added = (state.attachments ?? []).filter((a) => a.status === 'added');
  const caseBase = `${p.base}/breaches/${state.breachId}`;
  return html`<h2 class="govuk-heading-l" id="evidence">Evidence</h2>
${
  added.length > 0
    ? table({
        head: ['File', 'Kind', 'Added', 'SHA-256'],
        rows: added.map((a) => [
          html`<a class="govuk-link" href="${caseBase}/evidence/${a.attachmentId}/download">${a.name}</a><br><span class="govuk-body-s">${a.description} (${size(a.size)})</span>`,
          ATTACHMENT_KIND_LABELS[a.kind],
          a.addedAt ? html`<time datetime="${a.addedAt}">${formatInTimeZone(a.addedAt, p.policy.timeZone)}</time>` : '',
          html`<code class="govuk-body-s" data-sha256>${a.sha256}</code>`,
        ]),
      })
    : paragraph('No evidence has been attached yet.')
}
${state.status === 'open' ? html`<p class="govuk-body"><a class="govuk-link" href="${caseBase}/evidence">Add evidence</a></p>` : undefined}`;
};

export interface EvidencePageInput extends ConsolePageBase {
  state: BreachState;
  form: UploadForm;
  /** Why the last upload was refused (nothing was recorded). */
  problems?: readonly FieldProblem[];
}

const FIELD_OF: Record<string, string> = { kind: 'kind', description: 'description', file: 'file', sha256: 'file' };

/** The "Add evidence" page: a multipart form straight to the bucket, its policy fields hidden, the file last. */
export const renderEvidencePage = (p: EvidencePageInput): string => {
  const problems = p.problems ?? [];
  const errorOf = (path: string) => problems.find((problem) => problem.path === path)?.message;
  // The fields a person fills in are the form's own inputs; every other field of the policy goes as it was signed.
  const shown = new Set([META('kind'), META('description')]);
  const hidden = Object.entries(p.form.fields)
    .filter(([name]) => !shown.has(name))
    .map(([name, value]) => hiddenInput(name, value));
  const types = Object.values(ALLOWED_MEDIA_TYPES)
    .map((t) => t.label)
    .join(', ');
  const content = html`${
    problems.length > 0
      ? errorSummary(
          problems.map((problem) => ({
            text: `${problem.path === 'sha256' || problem.path === 'file' ? 'The file' : problem.path}: ${problem.message}. Nothing was recorded.`,
            href: `#${FIELD_OF[problem.path] ?? 'file'}`,
          })),
        )
      : undefined
  }<span class="govuk-caption-l">Breach ${p.state.breachId}</span>
<h1 class="govuk-heading-xl">Add evidence</h1>
${paragraph(`A statement, a written undertaking from someone who received data by mistake, a receipt from the ICO or the DSPT, or a photo. ${types}; up to 25 MiB. The file’s SHA-256 is recorded in the breach’s log, so any later change to the file is detected.`)}
<form id="evidence-form" method="post" action="${p.form.url}" enctype="multipart/form-data" novalidate>
${hidden}
${radios({
  id: 'kind',
  name: META('kind'),
  legend: 'What is it?',
  legendSize: 'm',
  items: ATTACHMENT_KINDS.map((kind) => ({ value: kind, text: ATTACHMENT_KIND_LABELS[kind] })),
  error: errorOf('kind'),
})}
${textarea({
  id: 'description',
  name: META('description'),
  label: html`<span class="govuk-label--m">Describe it</span>`,
  hint: 'Who wrote or took it, and what it shows. At least 3 characters.',
  rows: 3,
  error: errorOf('description'),
})}
<div class="govuk-form-group${(errorOf('file') ?? errorOf('sha256')) ? ' govuk-form-group--error' : ''}">
<label class="govuk-label govuk-label--m" for="file">The file</label>
<div id="file-hint" class="govuk-hint">${types}. Up to 25 MiB.</div>
<input class="govuk-file-upload" id="file" name="file" type="file" aria-describedby="file-hint">
</div>
<p class="govuk-body" id="evidence-status" role="status"></p>
<button type="submit" class="govuk-button" data-module="govuk-button">Upload evidence</button>
</form>
<p class="govuk-body"><a class="govuk-link" href="${p.base}/breaches/${p.state.breachId}">Back to the case</a></p>
<script>${new Html(SCRIPT)}</script>`;
  return consolePage(p, 'Add evidence', content, problems.length > 0);
};
