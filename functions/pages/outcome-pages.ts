import type { DecisionStep, NotificationPlan } from '../domain/decisions';
import { STEP_TITLES } from '../domain/decisions';
import type { BreachEvent } from '../domain/events';
import { formatMailTime } from '../domain/mail/message';
import { bulletList, panel, paragraph, type SummaryRow, summaryList } from './components';
import { type Html, html, type Renderable } from './html';
import { CONCLUSION_TEXT } from './labels';
import { renderLayout } from './layout';

/**
 * The pages a decision link can end on besides its form: the decision recorded, and every way the link can fail.
 * Each says in plain words what happened, what it means and what to do next; none shows anything of the breach
 * except on the confirmation, which the person who just decided may see.
 */

export interface OutcomePage {
  statusCode: number;
  body: string;
}

interface PageOptions {
  /** @default '/assets' */
  assetsPath?: string;
}

const simplePage = (
  statusCode: number,
  title: string,
  content: Renderable,
  options: PageOptions,
  heading = title,
): OutcomePage => ({
  statusCode,
  body: renderLayout({
    title,
    ...(options.assetsPath ? { assetsPath: options.assetsPath } : {}),
    content: html`<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds"><h1 class="govuk-heading-l">${heading}</h1>${content}</div></div>`,
  }),
});

const ASK_DPO =
  'If you need help, contact your organisation’s data protection officer (DPO), who was sent the link, or whoever is handling the breach.';

export interface RecordedPageInput extends PageOptions {
  step: DecisionStep;
  breachId: string;
  event: BreachEvent<'decision-taken'>;
  timeZone: string;
}

const planSteps = (plan: NotificationPlan): string[] => {
  const steps: string[] = [];
  if (plan.controller) steps.push('telling the controller you process the data for');
  if (plan.authority) steps.push('recording the report to the supervisory authority');
  if (plan.subjects) steps.push('recording how the people affected were told');
  if (plan.otherParties) steps.push('recording which other parties were told');
  return steps;
};

const NEXT: Record<DecisionStep, string> = {
  contain: 'The breach will now be assessed, and a link will be sent to take the decision on whether to notify.',
  decide: '',
  'notify-authority':
    'Keep any confirmation of receipt from the authority. The next steps of the procedure will be sent by e-mail.',
  'notify-subjects': 'The next steps of the procedure will be sent by e-mail.',
  'notify-controller': 'The next steps of the procedure will be sent by e-mail.',
  'notify-other-parties': 'The next steps of the procedure will be sent by e-mail.',
  evaluate: 'A link will be sent to close the case once everything is done.',
  close: 'The case is closed. Its record is kept for your organisation’s audit.',
  recover: 'The procedure carries on from the step that failed.',
};

const whatHappensNext = (step: DecisionStep, plan: NotificationPlan | undefined): Html => {
  if (step === 'decide' && plan) {
    const steps = planSteps(plan);
    return steps.length === 0
      ? paragraph(
          'No notification follows from this decision. The decision and your reasons are kept on the record. A link will be sent for the evaluation of the breach.',
        )
      : html`${paragraph('A link will be sent by e-mail for each of these steps:')}${bulletList(steps)}${paragraph(
          'Watch the deadlines: the report to the supervisory authority is due within 72 hours of becoming aware of the breach.',
        )}`;
  }
  return paragraph(NEXT[step]);
};

/** 200: the panel that tells the person it is done, with what was recorded and what comes next. */
export const recordedPage = (input: RecordedPageInput): OutcomePage => {
  const { event, timeZone } = input;
  const rows: SummaryRow[] = [
    { key: 'Step', value: STEP_TITLES[input.step] },
    { key: 'Recorded by', value: `${event.actor.kind === 'person' ? event.actor.name : 'Unknown'}` },
    { key: 'Recorded on', value: formatMailTime(event.at, timeZone) },
  ];
  if (event.data.step === 'decide') {
    rows.splice(1, 0, { key: 'Decision', value: CONCLUSION_TEXT[event.data.decision.conclusion] });
  }
  return {
    statusCode: 200,
    body: renderLayout({
      title: 'Decision recorded',
      ...(input.assetsPath ? { assetsPath: input.assetsPath } : {}),
      content: html`<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">${panel(
        'Decision recorded',
        html`Breach reference<br><strong>${input.breachId}</strong>`,
      )}<h2 class="govuk-heading-m">What was recorded</h2>${summaryList(rows)}<h2 class="govuk-heading-m">What happens next</h2>${whatHappensNext(
        input.step,
        event.data.plan,
      )}${paragraph('This link has now been used and will not work again. You can close this page.')}</div></div>`,
    }),
  };
};

/** 404: the link is malformed or was never issued. Nothing says which, so guessing learns nothing. */
export const unknownLinkPage = (options: PageOptions = {}): OutcomePage =>
  simplePage(
    404,
    'This link is not valid',
    html`${paragraph('Check that you opened the whole link from the e-mail. Some e-mail programs break long links over two lines: copy all of it into the address bar.')}${paragraph(ASK_DPO)}`,
    options,
  );

/** 410: the link recorded its decision already. */
export const usedLinkPage = (options: PageOptions = {}): OutcomePage =>
  simplePage(
    410,
    'This link has already been used',
    html`${paragraph('Each link records one decision, and the decision for this link has been recorded. It cannot be changed through the same link.')}${paragraph('If the decision needs correcting, contact the data protection officer (DPO) or whoever is handling the breach. The decision already recorded stays on the record.')}`,
    options,
  );

/** 410: the link ran out. The task that waits for the decision sends a new one when it times out and retries. */
export const expiredLinkPage = (options: PageOptions = {}): OutcomePage =>
  simplePage(
    410,
    'This link has expired',
    html`${paragraph('Decision links only work for a limited time, so that an old e-mail cannot be used to record a decision.')}${paragraph('Nothing has been recorded. A new link will be sent automatically if the step is still waiting for a decision.')}${paragraph(ASK_DPO)}`,
    options,
  );

/** 410: a newer link was mailed for the same step; only the latest works. */
export const supersededLinkPage = (options: PageOptions = {}): OutcomePage =>
  simplePage(
    410,
    'A newer link has been sent',
    html`${paragraph('A more recent e-mail was sent for this step, and only the link in the latest e-mail works.')}${paragraph('Nothing has been recorded. Use the link in the most recent e-mail.')}`,
    options,
  );

/** 409: the case is not waiting for this step (taken another way, or closed). */
export const stepNotAwaitedPage = (options: PageOptions = {}): OutcomePage =>
  simplePage(
    409,
    'This step is not waiting for a decision',
    html`${paragraph('The case has moved on: the decision may have been recorded another way, or the case has been closed.')}${paragraph('Nothing has been recorded.')}${paragraph(ASK_DPO)}`,
    options,
  );

/** 403: the form's token does not match its link: it was not sent from the page this service showed. */
export const forbiddenPage = (options: PageOptions = {}): OutcomePage =>
  simplePage(
    403,
    'The form could not be accepted',
    html`${paragraph('The form was not sent from the decision page for this link, so nothing has been recorded.')}${paragraph('Open the link from the e-mail again and fill in the form there.')}`,
    options,
  );

/** 413 and 415: the request is not what the form sends. */
export const unreadableFormPage = (statusCode: 413 | 415, options: PageOptions = {}): OutcomePage =>
  simplePage(
    statusCode,
    'The form could not be read',
    html`${paragraph(statusCode === 413 ? 'The form was too large to accept. Shorten the longest answers and try again.' : 'The form was not sent in the way this page sends it.')}${paragraph('Nothing has been recorded. Open the link from the e-mail again and fill in the form there.')}`,
    options,
  );

/** 405: a method the link does not answer. */
export const methodNotAllowedPage = (options: PageOptions = {}): OutcomePage =>
  simplePage(405, 'This page cannot do that', paragraph('Open the link from the e-mail in a web browser.'), options);

/**
 * 500 and other failures. The decision may or may not have been recorded (a failure after the link was claimed), so
 * the page says how to find out rather than guessing.
 */
export const errorPage = (options: PageOptions & { requestId?: string } = {}): OutcomePage =>
  simplePage(
    500,
    'Sorry, there is a problem with the service',
    html`${paragraph('Try again in a few minutes by opening the link from the e-mail again.')}${paragraph('If it shows the form again, your decision was not recorded: fill it in again. If it says the link has already been used, ask the data protection officer (DPO) to check that your decision is on the record.')}${options.requestId ? paragraph(`If you report this problem, quote this reference: ${options.requestId}`, 'govuk-body-s') : undefined}`,
    options,
  );
