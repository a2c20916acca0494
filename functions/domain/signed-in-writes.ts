import type { Actor } from './events';
import type { BreachRepository } from './ports';

/**
 * The breach log as a person signed in to the console writes to it: every event whose actor is a person carries
 * their directory id, so the record says which account acted, not only the name and role the use case was given.
 * The case-change use cases take their person from the request body (the API names one); the console fills that body
 * from the session and writes through this, so no use case needs a second way to say who acted.
 */
export const signedInBreaches = (breaches: BreachRepository, userId: string): BreachRepository => {
  const stamped = <E extends { actor: Actor }>(event: E): E =>
    event.actor.kind === 'person' ? { ...event, actor: { ...event.actor, userId } } : event;
  return {
    create: (breachId, organisationId, event) => breaches.create(breachId, organisationId, event),
    append: (breachId, event) => breaches.append(breachId, stamped(event)),
    appendOnce: (breachId, key, event, known) => breaches.appendOnce(breachId, key, stamped(event), known),
    events: (breachId) => breaches.events(breachId),
    state: (breachId) => breaches.state(breachId),
    rebuild: (breachId) => breaches.rebuild(breachId),
    list: (organisationId, options) => breaches.list(organisationId, options),
  };
};
