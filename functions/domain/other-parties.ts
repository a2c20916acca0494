import { isMalicious } from './enisa';
import { type OrganisationPolicy, OTHER_PARTIES, type OtherParty } from './policy';
import type { BreachState } from './state';

/**
 * The other parties to consider for one breach, each a tracked item: who, why the system suggests them, and whether
 * they were told (when, with what reference) or not (with the note saying why), or are still to be decided.
 *
 * The list is the policy preset's parties plus those the facts call for: the police when the breach was malicious or
 * criminal under a police-route policy (or the decision says so, or they were told already), the ICT provider for a
 * lost or stolen device when that duty applies, the controller when the organisation is processor, the DSPT when the
 * policy reports there. The decision page lists exactly these, so what the DPO is prompted for and what the API
 * reports can never differ.
 */

export type PartyReasonSource = 'policy' | 'facts' | 'decision';

export interface PartyReason {
  source: PartyReasonSource;
  text: string;
}

export type PartyStatus =
  | { status: 'told'; at?: string; reference?: string; note?: string; recordedFrom: 'decision' | 'report' | 'notice' }
  | { status: 'not-told'; note?: string }
  | { status: 'pending' };

export type OtherPartyItem = { party: OtherParty; reasons: PartyReason[] } & PartyStatus;

/** Why a policy names each party, in the words of the policies in shared/policies. */
export const PARTY_REASONS: Record<OtherParty, string> = {
  police: 'The policy decides between the ICO and the police when the data was compromised by a criminal act.',
  controller:
    'As processor, the controller must be told without undue delay (Art. 33(2)); every communication is logged.',
  dspt: 'CQC-registered providers report through the DSPT incident tool, then e-mail the ICO to confirm the report.',
  'local-authority':
    'The local authority that commissions the care, when the breach concerns people covered by the contract.',
  insurer: 'People may seek compensation for a personal data breach: consider telling the insurer.',
  'legal-adviser': 'People may seek compensation for a personal data breach: consider seeking legal advice.',
  'data-sharing-partners':
    'Data-sharing partners from whom the data originated, or through whom other regulators may need to be contacted.',
  court: 'The court, when court documents are lost.',
  'ict-provider': 'Lost or stolen ICT assets are reported to the ICT service provider, so the device can be blocked.',
  board: 'The board receives the final report with its recommendations and training needs.',
  governors: 'Breaches committed by the head rest at governor level.',
  'affected-companies': 'Companies whose commercial interests may be adversely affected.',
  'ig-team-caldicott-guardian':
    'For NHS or social care data, the Information Governance team and the Caldicott Guardian (school policy 5).',
};

/** The data categories that make NHS or social care data (the IG team and Caldicott Guardian's remit). */
const CARE_DATA: readonly string[] = ['health', 'social-care-records'];

const DEVICE_CAUSES: readonly string[] = ['lost-device', 'stolen-device'];

type Suggestions = Map<OtherParty, PartyReason[]>;

const suggest = (into: Suggestions, party: OtherParty, reason: PartyReason) => {
  const reasons = into.get(party) ?? [];
  if (!reasons.some((r) => r.text === reason.text)) reasons.push(reason);
  into.set(party, reasons);
};

/** Which parties to consider and why; in the policy's order, with the police first when the facts call for them. */
export function suggestedParties(
  state: Pick<BreachState, 'report' | 'decisions'>,
  policy: Pick<OrganisationPolicy, 'duties' | 'otherParties'>,
): Map<OtherParty, PartyReason[]> {
  const { report } = state;
  const has = (duty: OrganisationPolicy['duties'][number]) => policy.duties.includes(duty);
  const facts: Suggestions = new Map();

  const police = state.decisions.decide?.data.police;
  if (police?.report) {
    suggest(facts, 'police', { source: 'decision', text: `The decision says the police are told: ${police.reason}` });
  }
  if (has('police-route') && isMalicious(report)) {
    suggest(facts, 'police', {
      source: 'facts',
      text: 'The breach was malicious or an attack, and the policy reports criminal acts to the police.',
    });
  }
  if (report.police.informed) {
    suggest(facts, 'police', { source: 'facts', text: 'The report says the police have been told.' });
  }

  const ordered: Suggestions = new Map();
  // The police lead when a crime is in question: a crime reference is what the ICO form asks for next.
  const policeReasons = facts.get('police');
  if (policeReasons) ordered.set('police', policeReasons);
  for (const party of policy.otherParties) suggest(ordered, party, { source: 'policy', text: PARTY_REASONS[party] });

  if (report.organisationRole.role === 'processor') {
    suggest(ordered, 'controller', {
      source: 'facts',
      text: `This organisation is processor for ${report.organisationRole.controller.name}, who must be told without undue delay.`,
    });
  }
  if (has('dspt-report')) {
    suggest(ordered, 'dspt', {
      source: 'policy',
      text: 'The policy reports through the DSPT incident tool first, then e-mails the ICO.',
    });
  }
  if (has('ict-provider-for-lost-devices') && DEVICE_CAUSES.includes(report.cause.category)) {
    suggest(ordered, 'ict-provider', {
      source: 'facts',
      text: `A device was ${report.cause.category === 'lost-device' ? 'lost' : 'stolen'}: the ICT provider can block its use.`,
    });
  }
  if (has('ig-caldicott-for-care-data') && report.dataCategories.some((c) => CARE_DATA.includes(c))) {
    suggest(ordered, 'ig-team-caldicott-guardian', {
      source: 'facts',
      text: 'Health or social care records are involved: the Information Governance team and the Caldicott Guardian support the investigation.',
    });
  }
  // Stable order for readers: what the policy names keeps its order; later additions follow the product's order.
  const rank = (party: OtherParty) =>
    party === 'police' && policeReasons
      ? -1
      : policy.otherParties.includes(party)
        ? policy.otherParties.indexOf(party)
        : policy.otherParties.length + OTHER_PARTIES.indexOf(party);
  return new Map([...ordered.entries()].sort(([a], [b]) => rank(a) - rank(b)));
}

/** Where one party stands: the decision's entry first, else what the report or the notice already recorded. */
function statusOf(party: OtherParty, state: BreachState): PartyStatus {
  // A party decided after the notify step (POST /breaches/{id}/other-parties) is the latest word on it.
  const later = state.partyDecisions?.[party];
  if (later) {
    if (!later.told) return { status: 'not-told', note: later.note };
    return {
      status: 'told',
      recordedFrom: 'decision',
      ...(later.at ? { at: later.at } : {}),
      ...(later.reference ? { reference: later.reference } : {}),
      note: later.note,
    };
  }
  const entry = state.decisions['notify-other-parties']?.data.parties.find((p) => p.party === party);
  if (entry) {
    if (!entry.told) return { status: 'not-told', ...(entry.note ? { note: entry.note } : {}) };
    return {
      status: 'told',
      recordedFrom: 'decision',
      ...(entry.at ? { at: entry.at } : {}),
      ...(entry.reference ? { reference: entry.reference } : {}),
      ...(entry.note ? { note: entry.note } : {}),
    };
  }
  if (party === 'police' && state.report.police.informed) {
    const reference = state.report.police.crimeReference;
    return { status: 'told', recordedFrom: 'report', ...(reference ? { reference } : {}) };
  }
  if (party === 'controller') {
    const told = state.decisions['notify-controller']?.data;
    if (told) return { status: 'told', recordedFrom: 'decision', at: told.notifiedAt, note: `by ${told.channel}` };
    if (state.controllerNotified) {
      return { status: 'told', recordedFrom: 'notice', at: state.controllerNotified.at, note: 'by e-mail' };
    }
  }
  return { status: 'pending' };
}

/** The tracked list for a breach: every suggested party with why and where it stands. */
export function otherPartiesFor(
  state: BreachState,
  policy: Pick<OrganisationPolicy, 'duties' | 'otherParties'>,
): OtherPartyItem[] {
  return [...suggestedParties(state, policy)].map(([party, reasons]) => ({
    party,
    reasons,
    ...statusOf(party, state),
  }));
}
