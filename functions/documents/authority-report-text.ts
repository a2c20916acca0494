import type { AuthorityReport } from '../domain/authority-report';
import { formatMailTime } from '../domain/mail/message';
import { authorityReportSections, REPORT_TITLE } from './authority-report-sections';

/**
 * The authority report as plain text to paste into the ICO's online form: each section under its heading, each of the
 * form's questions followed by its answer, so the person filling in the form copies one answer at a time.
 */
export function authorityReportText(report: AuthorityReport, timeZone: string): string {
  const heading = `${REPORT_TITLE} to the ${report.supervisoryAuthority.name}`;
  const lines = [
    heading,
    '='.repeat(heading.length),
    `Breach ${report.breachId}. Generated ${formatMailTime(report.generatedAt, timeZone)}.`,
    ...(report.supervisoryAuthority.reportUrl ? [`Online form: ${report.supervisoryAuthority.reportUrl}`] : []),
    '',
  ];
  for (const section of authorityReportSections(report, timeZone)) {
    lines.push(section.heading.toUpperCase(), '-'.repeat(section.heading.length), '');
    for (const entry of section.entries) lines.push(`> ${entry.question}`, entry.answer, '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
