import { formatInTimeZone } from '../clocks';

/**
 * The DPO mail: what every message is made of, and the one layout that renders it as plain text and as HTML.
 *
 * Builders describe a message as blocks (paragraphs, facts, lists, a link) and `renderMail` writes both parts from the
 * same blocks, so the text and the HTML can never say different things.
 */

export const MAIL_KINDS = [
  'new-breach',
  'decision-request',
  'deadline-warning',
  'deadline-missed',
  'step-failed',
  /** The breach's workflow ended without closing the case; it can be continued. */
  'workflow-ended',
  /** The processor's notice to the controller (Art. 33(2)): the one mail that leaves the organisation by design. */
  'controller-notice',
  /** A reassessment reached another conclusion than the one decided: the DPO is asked to revise or confirm it. */
  'revision-request',
  /** A tracked action (a recommendation, the authority's required action) is due soon or overdue: to its owner. */
  'action-reminder',
] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

export interface MailMessage {
  to: string[];
  cc?: string[];
  /** The breach reference and the kind of message only: subjects show on lock screens and in mail server logs. */
  subject: string;
  text: string;
  html: string;
  tags: { kind: MailKind; breachId: string };
}

/** A builder was handed something it cannot put in a mail safely (e.g. a link that is not http(s)). */
export class MailContentError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MailContentError';
  }
}

export type MailBlock =
  | { kind: 'paragraph'; text: string }
  | { kind: 'heading'; text: string }
  /** Stands out from the text around it: what is at stake or overdue. */
  | { kind: 'notice'; text: string }
  | { kind: 'facts'; rows: readonly (readonly [label: string, value: string])[] }
  | { kind: 'list'; items: readonly string[] }
  | { kind: 'link'; label: string; url: string; note?: string };

export interface MailContent {
  breachId: string;
  /** The first line of the body, also the HTML document's title. */
  heading: string;
  blocks: readonly MailBlock[];
  /** Why the reader receives it; the default addresses the DPO and escalation contacts. */
  footer?: string;
  /** The line above the heading; the default names Breachdesk and the breach, which means nothing to the public. */
  masthead?: string;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);

/** Only web links go into a mail: a `javascript:` or `data:` URL in a button would run in some clients. */
export const assertWebUrl = (url: string): string => {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new MailContentError('the link is not a valid URL', { cause: error });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new MailContentError(`the link must be http(s), not ${parsed.protocol}`);
  }
  return parsed.href;
};

/** Mail headers are single lines: a CR or LF from any value would otherwise start a new header. */
export const subjectLine = (breachId: string, what: string): string =>
  `Breach ${breachId}: ${what}`.replace(/[\r\n\t]+/g, ' ').trim();

/** Shortens free text for a mail at a word boundary; the full text stays in the breach record. */
export const summarise = (text: string, max = 600): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > max * 0.6 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
};

/**
 * A time as people at the organisation read it, with the zone named, and in UTC for the authority and for anyone
 * elsewhere: "Tuesday 4 March 2025, 15:30 CET (Europe/Paris); 14:30 UTC". The UTC part repeats the date only when it
 * differs from the local date.
 */
export const formatMailTime = (iso: string, timeZone: string): string => {
  const local = formatInTimeZone(iso, timeZone);
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return local;
  const utc = formatInTimeZone(iso, 'UTC');
  const dateOf = (formatted: string) => formatted.slice(0, formatted.lastIndexOf(', '));
  const utcPart = dateOf(local) === dateOf(utc) ? utc.slice(utc.lastIndexOf(', ') + 2) : utc;
  return `${local} (${timeZone}); ${utcPart}`;
};

/** "1 hour" / "6 hours": alerts read as sentences, not as "6 hour(s)". */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

const FOOTER =
  'You receive this message because you are the data protection officer or an escalation contact in your ' +
  "organisation's breach procedure. Do not forward it outside the people handling the breach.";

const renderTextBlock = (block: MailBlock): string => {
  switch (block.kind) {
    case 'paragraph':
      return block.text;
    case 'heading':
      return `${block.text}\n${'-'.repeat(Math.min(block.text.length, 72))}`;
    case 'notice':
      return `Important: ${block.text}`;
    case 'facts':
      return block.rows.map(([label, value]) => `${label}: ${value.replace(/\n/g, '\n  ')}`).join('\n');
    case 'list':
      return block.items.map((item) => `- ${item}`).join('\n');
    case 'link':
      return `${block.label}:\n${assertWebUrl(block.url)}${block.note ? `\n${block.note}` : ''}`;
  }
};

const FONT = 'font-family:Arial,Helvetica,sans-serif;';
const MUTED = 'color:#52525b;font-size:14px;';

const withBreaks = (text: string) => escapeHtml(text).replace(/\r?\n/g, '<br>');

const renderHtmlBlock = (block: MailBlock): string => {
  switch (block.kind) {
    case 'paragraph':
      return `<p style="margin:0 0 16px;">${withBreaks(block.text)}</p>`;
    case 'heading':
      return `<h2 style="margin:24px 0 8px;font-size:18px;line-height:1.3;">${escapeHtml(block.text)}</h2>`;
    case 'notice':
      return (
        '<p style="margin:0 0 16px;padding:12px 16px;border-left:4px solid #b91c1c;background-color:#fef2f2;' +
        `color:#18181b;font-weight:bold;">${withBreaks(block.text)}</p>`
      );
    case 'facts':
      return (
        '<table style="border-collapse:collapse;width:100%;margin:0 0 16px;">' +
        block.rows
          .map(
            ([label, value]) =>
              '<tr><th scope="row" style="text-align:left;vertical-align:top;padding:6px 12px 6px 0;width:38%;' +
              `border-bottom:1px solid #e4e4e7;">${escapeHtml(label)}</th>` +
              `<td style="vertical-align:top;padding:6px 0;border-bottom:1px solid #e4e4e7;">${withBreaks(value)}</td></tr>`,
          )
          .join('') +
        '</table>'
      );
    case 'list':
      return `<ul style="margin:0 0 16px;padding-left:24px;">${block.items
        .map((item) => `<li style="margin:0 0 4px;">${withBreaks(item)}</li>`)
        .join('')}</ul>`;
    case 'link': {
      const href = escapeHtml(assertWebUrl(block.url));
      return (
        '<p style="margin:24px 0 8px;">' +
        `<a href="${href}" style="display:inline-block;padding:12px 20px;background-color:#1d4ed8;color:#ffffff;` +
        `text-decoration:underline;font-weight:bold;border-radius:4px;">${escapeHtml(block.label)}</a></p>` +
        `<p style="margin:0 0 16px;${MUTED}">If the button does not open, copy this address into your browser: ` +
        `<span style="word-break:break-all;">${href}</span></p>` +
        (block.note ? `<p style="margin:0 0 16px;font-weight:bold;">${escapeHtml(block.note)}</p>` : '')
      );
    }
  }
};

/** Renders both parts. The HTML uses inline styles and layout tables only: mail clients strip <style> and block images. */
export const renderMail = (content: MailContent): { text: string; html: string } => {
  const masthead = content.masthead ?? `Breachdesk · Breach ${content.breachId}`;
  const text = [
    masthead,
    '',
    content.heading,
    '='.repeat(Math.min(content.heading.length, 72)),
    '',
    content.blocks.map(renderTextBlock).join('\n\n'),
    '',
    '--',
    content.footer ?? FOOTER,
    '',
  ].join('\n');

  const html =
    '<!DOCTYPE html>' +
    '<html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${escapeHtml(content.heading)}</title></head>` +
    '<body style="margin:0;padding:0;background-color:#f4f4f5;">' +
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background-color:#f4f4f5;">' +
    '<tr><td align="center" style="padding:24px 12px;">' +
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" ' +
    'style="max-width:640px;background-color:#ffffff;border:1px solid #d4d4d8;">' +
    `<tr><td style="padding:24px;${FONT}font-size:16px;line-height:1.5;color:#18181b;text-align:left;">` +
    `<p style="margin:0 0 8px;${MUTED}">${escapeHtml(masthead)}</p>` +
    `<h1 style="margin:0 0 16px;font-size:22px;line-height:1.3;">${escapeHtml(content.heading)}</h1>` +
    content.blocks.map(renderHtmlBlock).join('') +
    '</td></tr></table>' +
    `<p style="max-width:640px;margin:16px auto 0;${FONT}${MUTED}text-align:left;">${escapeHtml(content.footer ?? FOOTER)}</p>` +
    '</td></tr></table></body></html>';

  return { text, html };
};
