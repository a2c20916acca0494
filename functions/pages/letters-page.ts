import { bulletList, paragraph, table, warningText } from './components';
import { html } from './html';
import { renderLayout } from './layout';

/**
 * The console's page of a breach's letters: how many there are, the files to print them from (a Lambda answer holds at
 * most a few megabytes, so a long list comes in several), and what to check before posting — in words, naming letters
 * by their number in their file, never a person.
 */

export interface LettersFile {
  /** The file's first and last letter, counted over all the breach's letters (1-based). */
  from: number;
  to: number;
  /** The link to the file's PDF. */
  href: string;
}

export interface LettersPageInput {
  assetsPath: string;
  consoleBase: string;
  breachId: string;
  /** No notify-subjects decision yet: the files are drafts of the letters to the people without an e-mail address. */
  draft: boolean;
  files: readonly LettersFile[];
  /** One sentence per thing to check, as the API's `breachdesk-letters-check` says it. */
  checks: readonly string[];
}

export const renderLettersPage = (p: LettersPageInput): string => {
  const count = p.files.at(-1)?.to ?? 0;
  const caseHref = `${p.consoleBase}/breaches/${encodeURIComponent(p.breachId)}`;
  const content = html`<span class="govuk-caption-l">Breach ${p.breachId}</span>
<h1 class="govuk-heading-l">${p.draft ? 'Draft letters' : 'Letters to post'}</h1>
${
  p.draft
    ? warningText(
        'How the people affected are told is not decided yet. These are drafts, to the people without an e-mail address; every page says “Do not post”.',
      )
    : undefined
}
${
  count === 0
    ? paragraph(
        'No letter is to be printed: nobody on the list is to be told by letter, or nobody has a postal address.',
      )
    : html`${paragraph(`${count} ${count === 1 ? 'letter' : 'letters'}, each starting on a new sheet when printed double-sided.`)}
${table({
  head: ['File', 'Letters'],
  rows: p.files.map((file, index) => [
    html`<a class="govuk-link" href="${file.href}" download>File ${index + 1} (PDF)</a>`,
    file.from === file.to ? `${file.from}` : `${file.from} to ${file.to}`,
  ]),
})}`
}
${
  p.checks.length > 0
    ? html`<h2 class="govuk-heading-m">Before posting</h2>${bulletList(p.checks)}`
    : count > 0
      ? paragraph('Every name and address prints in full and fits the envelope window.')
      : undefined
}
<p class="govuk-body"><a class="govuk-link" href="${caseHref}">Back to the case</a></p>`;
  return renderLayout({
    title: `${p.draft ? 'Draft letters' : 'Letters'} — breach ${p.breachId}`,
    assetsPath: p.assetsPath,
    content,
  });
};
