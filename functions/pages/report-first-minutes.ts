/**
 * The report form asks first what a member of staff knows in the first minutes — what happened, when they found
 * out, what data and whose, roughly how many people — and lets the DPO complete the rest in the case (the amendments
 * route, POST /breaches/{id}/amendments, records each completion as an event of its own).
 *
 * The report schema is unchanged, so every report ever recorded still reads. The facts it requires beyond the
 * first minutes are filled, when the person left them unanswered, with the answer that claims least: "not known"
 * where the schema has it, else the cautious one the assessment must assume until the DPO knows better (no
 * protection, not contained, police not told). A fact the person did answer is never replaced.
 */

/** Answered first, on the short form: the only questions an empty form is sent back for. */
export const FIRST_MINUTES_FIELDS = [
  'description',
  'breachTypes',
  'awareAt',
  'dataCategories',
  'subjectCategories',
  'approximateSubjects',
] as const;

/** What an unanswered fact is recorded as on a first report, until the DPO completes it. */
export const NOT_YET_KNOWN: Readonly<Record<string, unknown>> = {
  occurred: { kind: 'unknown' },
  // Reported through the staff form: a member of staff found out, unless they say otherwise.
  discovery: { channel: 'staff' },
  cause: { category: 'other' },
  // The cautious answers: treated as unprotected and not contained until the DPO records otherwise.
  protection: { kind: 'none' },
  containment: { contained: false },
  recovery: 'unknown',
  recipient: 'unknown',
  malicious: 'unknown',
  police: { informed: false },
  thirdPartyData: { involved: false },
  // Nobody named: nobody is recorded.
  reporter: { anonymised: true },
};

/** The form fields (their keys' first part) whose facts get a not-yet-known answer: marked optional on the page. */
export const DEFAULTED_FACTS: ReadonlySet<string> = new Set([...Object.keys(NOT_YET_KNOWN), 'approximateRecords']);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The report read from the form, with each unanswered fact the schema requires set to its not-yet-known answer.
 * Parts of an answer are kept: a discovery's detail without its channel keeps the detail.
 */
export const withFirstMinutesDefaults = (body: Readonly<Record<string, unknown>>): Record<string, unknown> => {
  const out: Record<string, unknown> = { ...body };
  for (const [fact, fallback] of Object.entries(NOT_YET_KNOWN)) {
    const given = out[fact];
    if (given === undefined) out[fact] = fallback;
    else if (isObject(given) && isObject(fallback)) {
      // A union's discriminant chosen by the person decides the branch: only its missing members are filled.
      const discriminant = Object.keys(fallback)[0] ?? '';
      out[fact] = discriminant in given ? given : { ...fallback, ...given };
    }
  }
  // At least one record per person affected: the smallest count the answer allows, until the DPO counts them. Without
  // a number of people the report is sent back for that question alone; the 0 is never recorded, only not asked twice.
  if (out.approximateRecords === undefined) {
    out.approximateRecords = typeof out.approximateSubjects === 'number' ? out.approximateSubjects : 0;
  }
  return out;
};
