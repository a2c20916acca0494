import type { RegisterObligation } from '../domain/register-obligations';

/**
 * One obligation's stage in a line, for the register's CSV and PDF: the law and to whom, the stage, its deadline,
 * when it was sent, and met / late / open with the hours and the reasons for delay.
 */
export function obligationText(o: RegisterObligation, when: (iso: string) => string): string {
  const due = `${o.aimOnly ? 'aimed for' : 'due'} ${when(o.dueAt)}`;
  const sent = o.sentAt ? `sent ${when(o.sentAt)}` : 'not sent';
  const outcome =
    o.status === 'late'
      ? `late by ${o.hoursLate} h${o.lateReason ? `; reasons for the delay: ${o.lateReason}` : '; no reasons for the delay recorded'}`
      : o.status;
  return `${o.law}, ${o.to}: ${o.stage}, ${due}, ${sent}: ${outcome}`;
}
