import type { Conclusion } from '../domain/assessment';
import type { ClockStatus } from '../domain/clocks';
import type { OtherParty } from '../domain/policy';
import { VOCABULARY } from '../domain/vocabulary';
import type { TagColour } from './components';

/** Words for the enumerated values a page shows, as a non-specialist reads them. */

export const CONCLUSION_TEXT: Record<Conclusion, string> = {
  'no-notification': 'No notification is required',
  'authority-only': 'Notify the supervisory authority only',
  'authority-and-subjects': 'Notify the supervisory authority and the people affected',
};

export const PARTY_TEXT: Record<OtherParty, string> = {
  police: 'The police',
  controller: 'The controller (the organisation you process the data for)',
  dspt: 'The DSPT incident tool (NHS Data Security and Protection Toolkit)',
  'local-authority': 'The local authority that commissions the care',
  insurer: 'Your insurer',
  'legal-adviser': 'Your legal adviser',
  'data-sharing-partners': 'Data-sharing partners',
  court: 'The court',
  'ict-provider': 'Your ICT service provider',
  board: 'The board',
  governors: 'The governors',
  'affected-companies': 'Companies whose data was involved',
  'ig-team-caldicott-guardian': 'The Information Governance team and the Caldicott Guardian',
};

export const CLOCK_STATUS: Record<ClockStatus, { text: string; colour: TagColour }> = {
  met: { text: 'Met', colour: 'green' },
  'met-late': { text: 'Met late', colour: 'orange' },
  pending: { text: 'Open', colour: 'blue' },
  warning: { text: 'Due soon', colour: 'yellow' },
  missed: { text: 'Passed', colour: 'red' },
};

/**
 * Any code as words, through the one vocabulary (domain/vocabulary.ts). For callers that hold a plain string; typed
 * callers use `wordsFor(kind, value)`, which the compiler checks. A value no table knows keeps its code, hyphens read as
 * spaces: the vocabulary test makes sure that never happens to an enum value.
 */
const ANY_WORDS: Readonly<Record<string, string>> = Object.assign(
  {},
  ...Object.values(VOCABULARY)
    .reverse()
    .map(([, table]) => table),
);
export const words = (value: string): string => ANY_WORDS[value] ?? value.replace(/-/g, ' ');

export const sentenceCase = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** ['a', 'b', 'c'] → 'a, b and c'. */
export const listWords = (values: readonly string[]): string =>
  values.length <= 1 ? (values[0] ?? '') : `${values.slice(0, -1).join(', ')} and ${values.at(-1)}`;

/** 1234 → '1,234', without Intl so the wording does not depend on the runtime's locale data. */
export const grouped = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
