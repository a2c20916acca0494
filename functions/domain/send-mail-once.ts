import type { MailMessage } from './mail/message';
import type { BreachRepository, Mailer } from './ports';
import type { BreachState } from './state';

/**
 * Sends a mail unless one with the same purpose is already recorded, then records it (`mail-sent`, appended once).
 *
 * At-least-once by design: if the process dies after SES accepted the mail and before the event is written, the
 * retried task sends it again. A DPO receiving an alert twice is a nuisance; an alert lost is a missed deadline.
 * Every other repeat (a Lambda retry, a local replay after restart) finds the event and sends nothing.
 */
export async function sendMailOnce(
  deps: { breaches: BreachRepository; mailer: Mailer },
  state: Pick<BreachState, 'breachId' | 'mailed'>,
  purpose: string,
  message: MailMessage,
  now: Date,
): Promise<'sent' | 'already-sent'> {
  if (state.mailed.includes(purpose)) return 'already-sent';
  const { messageId } = await deps.mailer.send(message);
  await deps.breaches.appendOnce(state.breachId, `mail:${purpose}`, {
    type: 'mail-sent',
    at: now.toISOString(),
    actor: { kind: 'system', component: 'mailer' },
    data: { kind: message.tags.kind, purpose, messageId, recipients: message.to.length + (message.cc?.length ?? 0) },
  });
  return 'sent';
}
