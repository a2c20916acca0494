import { CaseClosedError, CaseConflictError, CaseInputInvalidError, problemsOf } from './case-errors';
import type { Actor } from './events';
import { ownBreach } from './own-breach';
import type { BreachRepository, Organisation, OrganisationRepository } from './ports';
import type { BreachState } from './state';

/** The caller's own breach (404 for anyone else's), still open, with its organisation. Reads only. */
export async function openCase(
  deps: { breaches: Pick<BreachRepository, 'state'>; organisations: OrganisationRepository },
  organisationId: string,
  breachId: string,
): Promise<{ state: BreachState; organisation: Organisation }> {
  const state = await ownBreach(deps.breaches, organisationId, breachId);
  if (state.status === 'closed') throw new CaseClosedError(state.breachId);
  const organisation = await deps.organisations.get(state.organisationId);
  if (!organisation) throw new CaseConflictError(`organisation ${state.organisationId} is gone`);
  return { state, organisation };
}

/** Parses a case input or throws CaseInputInvalidError naming every problem. */
export function parseCaseInput<T>(
  what: string,
  schema: {
    safeParse(
      input: unknown,
    ):
      | { success: true; data: T }
      | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
  },
  input: unknown,
): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new CaseInputInvalidError(what, problemsOf(parsed.error.issues));
  return parsed.data;
}

export const personActor = (person: { name: string; role: string; email?: string | undefined }): Actor => ({
  kind: 'person',
  name: person.name,
  role: person.role,
  ...(person.email ? { email: person.email } : {}),
});
