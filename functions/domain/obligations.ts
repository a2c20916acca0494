import {
  type Authority,
  loadRules,
  type RegulatedSector,
  type Rule,
  type Stage,
  type Threshold,
} from './jurisdiction-rules';

/**
 * The plan of obligations for one breach: which authority (or which people) must be told, what goes in each stage, and
 * by when. Pure: the rules are data (jurisdiction-rules.ts); this file only matches a breach's facts against them.
 *
 * 1. Keep the rules whose places (establishment or where people live), sectors and threshold match the breach.
 * 2. Find each rule's authority: a fixed one, the one where the organisation is established (a German Land, or the
 *    BfDI for federal bodies), or under the GDPR's one-stop shop the lead authority of the main establishment, and
 *    without an EEA establishment every authority where affected people live.
 * 3. Put a time on each stage: from awareness, from classification (DORA), or from the previous stage's submission
 *    (or, until it is submitted, its mark); "without undue delay" gets the product's aim, marked as such.
 */

export interface JurisdictionFacts {
  /** Where the organisation is established, main establishment first: ISO 3166 codes, a German Land as 'DE-BY'. */
  establishments: readonly string[];
  /** Where the affected people live, with how many when known. */
  peopleIn: readonly { place: string; subjects?: number }[];
  sectors: readonly RegulatedSector[];
}

/** What the assessment and the decision found; unknown findings presume the authority duty, as the clocks always have. */
export interface Findings {
  /** Art. 33: likely to result in a risk. Unknown until assessed: presumed, so the clock runs from awareness. */
  risk?: boolean;
  /** Art. 34: likely to result in a high risk. */
  highRisk?: boolean;
  /** NIS2 Art. 23(3): a significant incident. */
  significantIncident?: boolean;
  /** DORA Art. 18: a major ICT-related incident. */
  majorIncident?: boolean;
}

export interface Times {
  awareAt: string;
  /** When the incident was classified as major (DORA); defaults to awareness. */
  classifiedAt?: string;
  /** When each stage was actually sent, keyed `<obligation id>/<stage id>`: later stages run from it. */
  submitted?: Readonly<Record<string, string>>;
}

export interface PlannedStage {
  /** `<obligation id>/<stage id>`: the key of its clock mark and of its submission. */
  key: string;
  id: string;
  label: string;
  contents: string[];
  dueAt: string;
  /** The law names no hours ("without undue delay"): dueAt is the product's aim, not a legal deadline. */
  aimOnly: boolean;
  /** The deadline in words, as the law puts it. */
  due: string;
  warnBeforeHours: number[];
  form?: Stage['form'];
}

export interface Obligation {
  id: string;
  ruleId: string;
  law: string;
  recipient: Rule['recipient'];
  /** Absent for a duty to people, and when the facts do not name the authority (see `toConfirm`). */
  authority?: Authority;
  /** What the DPO must still establish to know the authority (e.g. the Land of a German establishment). */
  toConfirm?: string;
  /** The places whose people this obligation covers. */
  covers: string[];
  stages: PlannedStage[];
  source: Rule['source'];
  checkedAt: string;
  /** Why it applies, in a sentence. */
  why: string;
  note?: string;
}

const HOUR_MS = 3_600_000;
const country = (place: string): string => place.slice(0, 2);
const inPlaces = (place: string, list: readonly string[]): boolean =>
  list.includes(place) || list.includes(country(place));

const thresholdMet = (threshold: Threshold, findings: Findings): boolean => {
  switch (threshold) {
    case 'any-breach':
      return true;
    case 'risk':
      return findings.risk ?? true;
    case 'high-risk':
      return findings.highRisk ?? false;
    case 'significant-incident':
      return findings.significantIncident ?? false;
    case 'major-incident':
      return findings.majorIncident ?? false;
  }
};

const THRESHOLD_WORDS: Record<Threshold, string> = {
  'any-breach': 'every personal data breach is notified',
  risk: 'the breach is likely to result in a risk to people',
  'high-risk': 'the breach is likely to result in a high risk to people',
  'significant-incident': 'the incident is significant',
  'major-incident': 'the incident is classified as major',
};

function addDuration(fromMs: number, d: { hours?: number; days?: number; months?: number }): number {
  let at = fromMs + Math.round(((d.hours ?? 0) + (d.days ?? 0) * 24) * HOUR_MS);
  if (d.months) {
    const date = new Date(at);
    const day = date.getUTCDate();
    date.setUTCDate(1);
    date.setUTCMonth(date.getUTCMonth() + d.months);
    const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
    date.setUTCDate(Math.min(day, lastDay));
    at = date.getTime();
  }
  return at;
}

const durationWords = (d: { hours?: number; days?: number; months?: number }): string =>
  [
    d.months ? `${d.months} month${d.months === 1 ? '' : 's'}` : '',
    d.days ? `${d.days} day${d.days === 1 ? '' : 's'}` : '',
    d.hours ? `${d.hours} hours` : '',
  ]
    .filter(Boolean)
    .join(' and ');

const FROM_WORDS = {
  awareness: 'of awareness',
  classification: 'of classifying the incident',
  'previous-stage': 'of the previous stage',
} as const;

function planStages(obligationId: string, rule: Rule, times: Times): PlannedStage[] {
  const awareMs = Date.parse(times.awareAt);
  const classifiedMs = times.classifiedAt ? Date.parse(times.classifiedAt) : awareMs;
  const stages: PlannedStage[] = [];
  for (const stage of rule.stages) {
    const key = `${obligationId}/${stage.id}`;
    const previous = stages.at(-1);
    const common = {
      key,
      id: stage.id,
      label: stage.label,
      contents: [...stage.contents],
      warnBeforeHours: [...stage.warnBeforeHours],
      ...(stage.form ? { form: stage.form } : {}),
    };
    const due = stage.due;
    if (due.kind === 'without-undue-delay') {
      stages.push({
        ...common,
        dueAt: new Date(awareMs + due.targetHours * HOUR_MS).toISOString(),
        aimOnly: true,
        due: `without undue delay (aim: ${due.targetHours} hours of awareness)`,
      });
      continue;
    }
    const previousBase = previous ? Date.parse(times.submitted?.[previous.key] ?? previous.dueAt) : awareMs;
    const base = due.from === 'awareness' ? awareMs : due.from === 'classification' ? classifiedMs : previousBase;
    let dueMs = addDuration(base, due);
    let words = `within ${durationWords(due)} ${FROM_WORDS[due.from]}`;
    if (due.notLaterThan) {
      dueMs = Math.min(dueMs, addDuration(awareMs, due.notLaterThan));
      words += ` and at the latest ${durationWords(due.notLaterThan)} of awareness`;
    }
    stages.push({ ...common, dueAt: new Date(dueMs).toISOString(), aimOnly: false, due: words });
  }
  return stages;
}

interface Resolved {
  authority?: Authority;
  toConfirm?: string;
  covers: string[];
  why: string;
}

/** The authority of a kind competent for one place, with Germany's federal/state split (BDSG § 9 and § 40). */
function authorityFor(
  place: string,
  kind: Authority['kind'],
  facts: JurisdictionFacts,
  authorities: readonly Authority[],
): { authority?: Authority; toConfirm?: string } {
  const ofKind = authorities.filter((a) => a.kind === kind);
  if (kind === 'data-protection' && country(place) === 'DE') {
    if (facts.sectors.includes('de-federal-public-body')) {
      const federal = ofKind.find((a) => a.place === 'DE' && a.scope === 'federal');
      return federal ? { authority: federal } : { toConfirm: 'the federal authority (BfDI)' };
    }
    const land = ofKind.find((a) => a.place === place && a.scope !== 'federal');
    if (land) return { authority: land };
    return {
      toConfirm:
        'the German Land (e.g. DE-BY): in Germany a private body is supervised by the authority of the Land where it is established, or for a body without one, where its representative is or the affected people live (BDSG § 40)',
    };
  }
  const exact = ofKind.find((a) => a.place === place) ?? ofKind.find((a) => a.place === country(place));
  return exact ? { authority: exact } : { toConfirm: `the ${kind.replace('-', ' ')} competent in ${place}` };
}

function resolve(rule: Rule, facts: JurisdictionFacts, authorities: readonly Authority[]): Resolved[] {
  const when = rule.appliesWhen;
  const peoplePlaces = facts.peopleIn.map((p) => p.place).filter((p) => !when.peopleIn || inPlaces(p, when.peopleIn));
  const establishedHere = facts.establishments.filter((e) => !when.establishedIn || inPlaces(e, when.establishedIn));
  const by = rule.authority;
  if (!by) {
    return [
      {
        covers: peoplePlaces,
        why: `${rule.law} applies to the people in ${peoplePlaces.join(', ') || 'its territory'}`,
      },
    ];
  }
  if (by.by === 'fixed') {
    const authority = authorities.find((a) => a.id === by.id);
    return [
      {
        ...(authority ? { authority } : { toConfirm: by.id }),
        covers: peoplePlaces,
        why:
          establishedHere.length > 0
            ? `the organisation is established in ${establishedHere.join(', ')}`
            : `affected people live in ${peoplePlaces.join(', ')}`,
      },
    ];
  }
  if (by.by === 'establishment') {
    const place = establishedHere[0];
    if (!place) return [];
    return [
      {
        ...authorityFor(place, by.kind, facts, authorities),
        covers: peoplePlaces,
        why: `the organisation is established in ${place}`,
      },
    ];
  }
  // One-stop shop (GDPR Art. 56): the lead authority of the main establishment in the EEA speaks for all.
  const main = establishedHere[0];
  if (main) {
    const crossBorder = establishedHere.length > 1 || new Set(peoplePlaces.map(country)).size > 1;
    return [
      {
        ...authorityFor(main, 'data-protection', facts, authorities),
        covers: peoplePlaces,
        why: crossBorder
          ? `the main establishment in the EEA is in ${main}, so its authority leads for the people in every EEA country (one-stop shop, Art. 56)`
          : `the organisation is established in ${main}`,
      },
    ];
  }
  // No establishment in the EEA: each authority where affected people live (EDPB Guidelines 9/2022 §C.4.b).
  const byPlace = new Map<string, string[]>();
  for (const place of peoplePlaces) {
    const key = country(place) === 'DE' ? place : country(place);
    byPlace.set(key, [...(byPlace.get(key) ?? []), place]);
  }
  return [...byPlace.entries()].map(([place, covers]) => ({
    ...authorityFor(place, 'data-protection', facts, authorities),
    covers,
    why: `the organisation has no establishment in the EEA and affected people live in ${place}, so that country's authority is told (EDPB Guidelines 9/2022)`,
  }));
}

function applies(rule: Rule, facts: JurisdictionFacts, findings: Findings): boolean {
  const when = rule.appliesWhen;
  const placed = when.establishedIn || when.peopleIn;
  const established = when.establishedIn
    ? facts.establishments.some((e) => inPlaces(e, when.establishedIn ?? []))
    : false;
  const people = when.peopleIn ? facts.peopleIn.filter((p) => inPlaces(p.place, when.peopleIn ?? [])) : [];
  if (placed && !established && people.length === 0) return false;
  if (when.sectors && !when.sectors.some((s) => facts.sectors.includes(s))) return false;
  if (when.minimumSubjects !== undefined) {
    const counted = people.reduce((n, p) => n + (p.subjects ?? 0), 0);
    if (counted < when.minimumSubjects) return false;
  }
  return thresholdMet(when.threshold, findings);
}

export function planObligations(
  facts: JurisdictionFacts,
  findings: Findings,
  times: Times,
  rules: { rules: readonly Rule[]; authorities: readonly Authority[] } = loadRules(),
): Obligation[] {
  const obligations: Obligation[] = [];
  for (const rule of rules.rules) {
    if (!applies(rule, facts, findings)) continue;
    for (const resolved of resolve(rule, facts, rules.authorities)) {
      const id = resolved.authority
        ? `${rule.id}@${resolved.authority.id}`
        : `${rule.id}@${resolved.covers.join('+') || 'all'}`;
      obligations.push({
        id,
        ruleId: rule.id,
        law: rule.law,
        recipient: rule.recipient,
        ...(resolved.authority ? { authority: resolved.authority } : {}),
        ...(resolved.toConfirm ? { toConfirm: resolved.toConfirm } : {}),
        covers: resolved.covers,
        stages: planStages(id, rule, times),
        source: rule.source,
        checkedAt: rule.checkedAt,
        why: `${rule.law} applies because ${resolved.why}, and ${THRESHOLD_WORDS[rule.appliesWhen.threshold]}.`,
        ...(rule.note ? { note: rule.note } : {}),
      });
    }
  }
  return obligations;
}

/** Every stage of every obligation, earliest first: the breach's deadlines are the union of its obligations'. */
export const deadlinesOf = (obligations: readonly Obligation[]): PlannedStage[] =>
  obligations.flatMap((o) => o.stages).sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
