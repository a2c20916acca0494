import { buildAuthorityReport } from './authority-report';
import { buildControllerNotice } from './controller-notice';
import { isEvent } from './events';
import { loadCase } from './load-case';
import { buildControllerAddressMissingMail } from './mail/controller-address-missing';
import type { BreachRepository, Mailer, OrganisationRepository } from './ports';
import { controllerAddress } from './registered-controllers';
import { sendMailOnce } from './send-mail-once';
import { WORKFLOW_ERRORS } from './workflow-errors';

export interface ControllerNoticeDeps {
  breaches: BreachRepository;
  organisations: OrganisationRepository;
  mailer: Mailer;
  breachUrl: (breachId: string) => string;
  now: () => Date;
}

export type ControllerNoticeResult =
  /** The notice went now, or had gone before (a retried or replayed task sends nothing twice). */
  | { status: 'sent' | 'already-sent'; messageId: string }
  /** No address for the controller: the problem is recorded and the DPO alerted to phone them instead. */
  | { status: 'no-address' }
  /** The organisation is controller for this breach: there is no controller to tell. */
  | { status: 'not-processor' }
  /** No call to the controller is recorded: nothing is sent before it (generic procedure: telephone first). */
  | { status: 'call-not-recorded' }
  /** The details follow by another route agreed on the call: nothing is e-mailed. */
  | { status: 'other-route'; route: string };

export const CONTROLLER_NOTICE_PURPOSE = 'controller-notice:initial';
const NO_ADDRESS_PURPOSE = 'controller-notice:no-address';
const ACTOR = { kind: 'system', component: 'notify-controller' } as const;

/** The notice's `mail-sent` is not in the log just after it was recorded: the log changed under the task. */
export class ControllerNoticeUnrecordedError extends Error {
  override readonly name = WORKFLOW_ERRORS.ControllerNoticeUnrecorded.name;
  constructor(readonly breachId: string) {
    super(`breach ${breachId}: the controller notice's mail-sent event is missing`);
  }
}

/**
 * The SendControllerNotice task (`${NotifyControllerFunctionArn}`), after the callback where a person records the
 * phone call to the controller: e-mails the controller the notice (controller-notice.ts) once, and logs it, when the
 * call agreed e-mail as the route for the details.
 *
 * 1. Load the breach; unless the organisation is processor for it, there is nothing to do. Without a recorded call,
 *    nothing is sent (the ASL never gets here before it); with another route agreed, nothing is sent either.
 * 2. If the report names no e-mail address for the controller (or, for a report from the hosted form, none of a
 *    controller the policy registered: registered-controllers.ts), record a `step-failed` (step NotifyController) and
 *    alert the DPO to phone the controller instead; the workflow goes on to the callback, where the call is recorded.
 * 3. Otherwise send the notice with purpose `controller-notice:initial` (sendMailOnce: `mail-sent` recorded, never
 *    sent twice), then record `controller-notified` with the SES message id. Both writes are keyed, so a crash
 *    between them is repaired by the retry, which finds the mail already sent and its message id in the log.
 */
export async function sendControllerNotice(
  deps: ControllerNoticeDeps,
  breachId: string,
): Promise<ControllerNoticeResult> {
  const { state, organisation, policy } = await loadCase(deps, breachId);
  const role = state.report.organisationRole;
  if (role.role !== 'processor') return { status: 'not-processor' };
  if (state.controllerNotified) return { status: 'already-sent', messageId: state.controllerNotified.messageId };
  // The full notice never leaves before the call is recorded: the controller hears of it by telephone first.
  const call = state.decisions['notify-controller']?.data;
  if (!call) return { status: 'call-not-recorded' };
  const route = call.followUpRoute ?? (call.channel === 'email' ? 'email' : undefined);
  if (route !== 'email') return { status: 'other-route', route: route ?? 'not agreed' };

  const now = deps.now();
  const context = {
    responsibleRole: state.report.responsibleRole,
    ...(state.assessment ? { riskLevel: state.assessment.risk.level } : {}),
  };
  // A form reporter's words never choose an address: only a registered controller's is used for a form report.
  const address = controllerAddress(state.channel, role.controller, policy);
  if (!address) {
    await deps.breaches.appendOnce(breachId, NO_ADDRESS_PURPOSE, {
      type: 'step-failed',
      at: now.toISOString(),
      actor: ACTOR,
      data: { step: 'NotifyController', error: 'Breachdesk.ControllerAddressMissing' },
    });
    const after = (await deps.breaches.state(breachId)) ?? state;
    await sendMailOnce(
      deps,
      after,
      NO_ADDRESS_PURPOSE,
      buildControllerAddressMissingMail({
        breachId,
        policy,
        controller: { name: role.controller.name, ...(role.controller.phone ? { phone: role.controller.phone } : {}) },
        at: now.toISOString(),
        breachUrl: deps.breachUrl(breachId),
        context,
      }),
      now,
    );
    return { status: 'no-address' };
  }

  const report = buildAuthorityReport({ state, organisationName: organisation.name, policy, phase: 'initial', now });
  const notice = buildControllerNotice({
    report,
    controller: { name: role.controller.name, email: address },
    timeZone: policy.timeZone,
  });
  const sent = await sendMailOnce(deps, state, CONTROLLER_NOTICE_PURPOSE, notice, now);
  const mailed = (await deps.breaches.events(breachId))
    .filter((event) => isEvent(event, 'mail-sent'))
    .find((event) => event.data.purpose === CONTROLLER_NOTICE_PURPOSE);
  // sendMailOnce recorded it, or found it recorded: its absence means the log was changed under us.
  if (!mailed) throw new ControllerNoticeUnrecordedError(breachId);
  await deps.breaches.appendOnce(breachId, CONTROLLER_NOTICE_PURPOSE, {
    type: 'controller-notified',
    at: mailed.at,
    actor: ACTOR,
    data: { channel: 'email', at: mailed.at, messageId: mailed.data.messageId, recipients: mailed.data.recipients },
  });
  return { status: sent, messageId: mailed.data.messageId };
}
