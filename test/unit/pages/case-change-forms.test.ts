import { describe, expect, it } from 'vitest';
import { presetPolicy } from '../../../functions/domain/presets';
import {
  CASE_CHANGE_FORMS,
  CASE_CHANGES,
  type CaseChange,
  type CaseChangeContext,
  caseChangeFields,
} from '../../../functions/pages/case-change-forms';
import { formErrors, placeFields, readForm, writeForm } from '../../../functions/pages/forms';
import { at, notifiedHistory, reportedEvents, stateOf } from '../../support/authority-histories';

/**
 * The console's case-change forms against the schemas of their use cases: a filled form reads into exactly the
 * object the use case takes (once the signed-in person is put in), and a problem lands on the field it is about.
 */

const LONDON = { timeZone: 'Europe/London' };
const PERSON = { name: 'Dana Protection', role: 'Data protection officer', email: 'dpo@example.org' };

/** One complete answer per form, using every field it has; summer times, to cross the BST offset. */
const FULL: Record<CaseChange, Record<string, unknown>> = {
  amendments: {
    changes: { occurred: { kind: 'between', from: '2025-06-30T18:00:00+01:00', to: '2025-07-01T08:00:00+01:00' } },
    reason: 'The caretaker saw the drive on the desk the evening before.',
  },
  'authority-outcome': {
    outcome: 'remedial-actions-required',
    at: '2025-07-01T13:30:00+01:00',
    summary: 'Train the office staff.\nReport back in a month.',
    caseReference: 'IC-123456-A1B2',
    requiredActions: [
      {
        title: 'Office staff training',
        owner: { name: 'Olive Office', role: 'Office manager', email: 'office@example.org' },
        dueAt: '2025-08-01T17:00:00+01:00',
      },
      { title: 'Encrypt the drives', owner: { name: 'Ian Tech' }, dueAt: '2025-07-15T09:00:00+01:00' },
    ],
  },
  actions: { outcome: 'accepted', note: 'The drives are being replaced instead; agreed with SLT.' },
  'other-parties': {
    told: true,
    at: '2025-07-02T10:05:00+01:00',
    reference: 'GOV-7',
    note: 'Told the chair by phone.',
  },
  'authority-exchanges': {
    direction: 'out',
    channel: 'portal',
    at: '2025-07-02T11:00:00+01:00',
    summary: 'Sent the training plan.',
    caseReference: 'IC-123456-A1B2',
  },
  'not-a-breach': { reasons: 'The laptop was found and held no personal data at all.' },
  revisions: {
    reason: 'The ICO’s feedback: the families must be told after all.',
    conclusion: 'authority-and-subjects',
    rationale: 'Pupils’ SEN notes may be misused: the families must be able to act.',
    departureReason: 'The recommendation predates the ICO’s feedback.',
    severityLevel: 3,
    subjectExemption: { ground: 'disproportionate-effort', explanation: 'No addresses are held for most.' },
    evidence: 'The ICO’s letter of 2 July.',
    police: { report: false, reason: 'An accident, not a crime.' },
  },
  investigator: {
    investigator: { name: 'Ivy Investigator', role: 'Deputy Head', email: 'ivy@example.org' },
    agreedWith: { name: 'Hal Head', role: 'Headteacher' },
    note: 'Agreed at the SLT meeting.',
  },
  'access-codes': { changedAt: '2025-07-03T16:45:00+01:00', properties: 1200, how: 'Codes reset by the locksmith.' },
  receipts: { from: 'dspt', reference: 'DSPT-42', receivedAt: '2025-07-02T09:00:00+01:00' },
  'obligation-stages': {
    sentAt: '2025-07-02T12:00:00+01:00',
    reference: 'DPC-77',
    delayReason: 'The Irish establishment’s records took a day to check.',
  },
  links: { relatedBreachId: 'BR-2025-0A1B2C3D', relation: 'found-to-be', note: 'The same drive, found later.' },
};

/** What the route adds: the party from the address, and the signed-in person. */
const withPerson = (change: CaseChange, body: Record<string, unknown>) => ({
  ...body,
  ...(CASE_CHANGE_FORMS[change].item === 'party' ? { party: 'governors' } : {}),
  ...(CASE_CHANGE_FORMS[change].item === 'stage' ? { key: 'eu-gdpr-art-33@dpc-ie/notification' } : {}),
  ...(CASE_CHANGE_FORMS[change].actor ? { [CASE_CHANGE_FORMS[change].actor ?? '']: PERSON } : {}),
});

const school = presetPolicy('school');
const ctx: CaseChangeContext = { policy: school, state: stateOf(notifiedHistory('school')) };

describe('the case-change forms', () => {
  it.each(CASE_CHANGES)('reads a filled %s form into exactly what its use case takes', (change) => {
    const form = CASE_CHANGE_FORMS[change];
    const fields = caseChangeFields(change, { ...ctx, fact: 'occurred' });
    const values = writeForm(fields, FULL[change], LONDON);
    const reading = readForm(fields, values, LONDON);
    expect(reading.problems).toEqual([]);
    expect(reading.body).toEqual(FULL[change]);
    expect(form.schema.safeParse(withPerson(change, reading.body)).success).toBe(true);
  });

  it('never asks who is acting: the person is the signed-in one', () => {
    for (const change of CASE_CHANGES) {
      const { actor } = CASE_CHANGE_FORMS[change];
      const fields = caseChangeFields(change, { ...ctx, fact: 'description' });
      if (actor) expect(fields.map((f) => f.key)).not.toContain(actor);
    }
  });

  it('drops the required-action rows left empty, and reads the wall time in the school’s zone', () => {
    const values = new URLSearchParams({
      outcome: 'no-further-action',
      'at.day': '1',
      'at.month': '7',
      'at.year': '2025',
      'at.hour': '9',
      'at.minute': '0',
      summary: 'No further action.',
      'requiredActions[0].title': '',
      'requiredActions[1].title': ' ',
    });
    const reading = readForm(caseChangeFields('authority-outcome', ctx), values, LONDON);
    expect(reading.body).toEqual({
      outcome: 'no-further-action',
      at: '2025-07-01T09:00:00+01:00',
      summary: 'No further action.',
      requiredActions: [],
    });
  });

  it('puts a missing owner on the owner’s box of its row, in the field’s own words', () => {
    const form = CASE_CHANGE_FORMS['authority-outcome'];
    const fields = caseChangeFields('authority-outcome', ctx);
    const values = writeForm(fields, FULL['authority-outcome'], LONDON);
    values.delete('requiredActions[1].owner.name');
    const reading = readForm(fields, values, LONDON);
    const parsed = form.schema.safeParse(withPerson('authority-outcome', reading.body));
    expect(parsed.success).toBe(false);
    const errors = formErrors({
      placed: placeFields(fields, ctx, values),
      values,
      reading,
      problems: [{ path: 'requiredActions[1].owner.name', message: 'Invalid input' }],
      fromSchema: true,
    });
    expect(errors.byName.get('requiredActions[1].owner.name')?.message).toBe(
      'Enter who will do it (Required action 2)',
    );
    expect(errors.summary).toEqual([
      { text: 'Enter who will do it (Required action 2)', href: '#requiredActions-1-owner-name' },
    ]);
  });

  it('names the date boxes that are missing when a date is half typed', () => {
    const fields = caseChangeFields('receipts', ctx);
    const values = new URLSearchParams({
      from: 'ico',
      reference: 'IC-1',
      'receivedAt.day': '2',
      'receivedAt.year': '2025',
    });
    const reading = readForm(fields, values, LONDON);
    expect(reading.problems).toEqual([
      expect.objectContaining({ path: 'receivedAt', parts: ['month', 'hour', 'minute'] }),
    ]);
  });

  it('offers each change only when it applies to the case now', () => {
    const reported = { policy: school, state: stateOf(reportedEvents('school')) };
    const awaitingContain: CaseChangeContext = { ...reported, state: { ...reported.state, pendingSteps: ['contain'] } };
    expect(CASE_CHANGE_FORMS['authority-outcome'].applies(reported)).toBe(false);
    expect(CASE_CHANGE_FORMS['authority-outcome'].applies(ctx)).toBe(true);
    expect(CASE_CHANGE_FORMS['not-a-breach'].applies(awaitingContain)).toBe(true);
    expect(
      CASE_CHANGE_FORMS['not-a-breach'].applies({ ...ctx, state: { ...ctx.state, pendingSteps: ['close'] } }),
    ).toBe(false);
    expect(CASE_CHANGE_FORMS['other-parties'].applies({ ...ctx, party: 'governors' })).toBe(true);
    expect(CASE_CHANGE_FORMS['other-parties'].applies({ ...ctx, party: 'police' })).toBe(false);
    expect(CASE_CHANGE_FORMS['access-codes'].applies(ctx)).toBe(false);
    const closed = { ...ctx, state: { ...ctx.state, status: 'closed' as const, closedAt: at(50) } };
    for (const change of CASE_CHANGES) expect(CASE_CHANGE_FORMS[change].applies(closed), change).toBe(false);
  });
});
