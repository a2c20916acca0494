import { DecisionInvalidError } from '../domain/decision-errors';
import type { FieldProblem, NotifySubjectsMethod } from '../domain/decisions';
import { StaleConfirmationError } from '../domain/notice-reach';
import { type NoticeWording, noticeWordingSchema } from '../domain/notice-wording';
import { generatedWording, type NoticeView, readConfirmation } from './notice-preview';

/**
 * The notify-subjects step's two stages, the same wherever the step is taken (the mailed decision page, the console):
 * the step's form leads to the preview (notice-preview.ts), and only its send button, with the counts it showed,
 * records the decision that starts the fan-out. A count that no longer matches the list (an upload since) shows the
 * preview again as the list is now, with the reason, and nothing is recorded or sent.
 *
 * The caller says how a page is shown and how a decision is recorded; errors other than the preview's own (a step
 * no longer awaited, a person without the role) pass through to it.
 */
export interface NoticeConfirmationInput<R> {
  view: NoticeView;
  /** Everything the form sent: the step's choices, the wording and the counts confirmed. */
  values: URLSearchParams;
  method: NotifySubjectsMethod;
  /** The step's decision as read from its form. */
  body: Record<string, unknown>;
  /** The preview, with the wording as edited and the problems to show. */
  preview: (wording: NoticeWording, problems: readonly FieldProblem[], statusCode: number) => R;
  /** Records the decision (takeDecision) and answers with the page that follows. */
  record: (body: Record<string, unknown>) => Promise<R>;
  /** The step's own form again, for problems that are not about the preview. */
  invalid: (problems: readonly FieldProblem[]) => R;
}

export async function previewOrSend<R>(input: NoticeConfirmationInput<R>): Promise<R> {
  const { view, values, body, preview } = input;
  const confirmation = readConfirmation(values, generatedWording(view));
  const wording = confirmation.wording ?? {};
  const checked = noticeWordingSchema.safeParse(wording);
  const wordingProblems: FieldProblem[] = checked.success
    ? []
    : checked.error.issues.map((issue) => ({ path: `wording.${issue.path.join('.')}`, message: issue.message }));
  if (!confirmation.send) return preview(wording, wordingProblems, 200);
  if (wordingProblems.length > 0) return preview(wording, wordingProblems, 422);
  try {
    return await input.record({
      ...body,
      ...(confirmation.wording ? { wording: confirmation.wording } : {}),
      ...(confirmation.confirmedSend ? { confirmedSend: confirmation.confirmedSend } : {}),
    });
  } catch (error) {
    // The list changed since this preview was shown: show it again as it is now, nothing sent.
    if (error instanceof StaleConfirmationError)
      return preview(wording, [{ path: 'confirmedSend', message: error.message }], 409);
    if (!(error instanceof DecisionInvalidError)) throw error;
    const own = error.problems.filter((p) => p.path === 'confirmedSend' || p.path.startsWith('wording'));
    if (own.length === error.problems.length) return preview(wording, own, 422);
    return input.invalid(error.problems);
  }
}
