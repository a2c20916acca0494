import { ValidationError } from './errors';
import type { Contact, OrganisationPolicy } from './policy';
import type { BreachReport } from './report';

/**
 * Whether an organisation acts as processor, and for which controllers, is its policy's business: the controllers
 * its administrators registered (policy.controllers). The hosted report form is open to anyone who has its link, so
 * what a form reporter says about the controller is only a pointer into that list, never an address to mail: else an
 * anonymous submitter could name any "controller" and have the DPO's internal containment notes mailed there.
 * Reports through the API come with the organisation's key and keep what they say.
 */

const same = (a: string | undefined, b: string | undefined): boolean =>
  a !== undefined && b !== undefined && a.trim().toLowerCase() === b.trim().toLowerCase();

/** The registered controller a report's controller stands for: the same e-mail address, else the same name. */
export const registeredController = (
  policy: Pick<OrganisationPolicy, 'controllers'>,
  named: Pick<Contact, 'name' | 'email'>,
): Contact | undefined => {
  const controllers = policy.controllers ?? [];
  return (
    controllers.find((controller) => same(controller.email, named.email)) ??
    controllers.find((controller) => same(controller.name, named.name))
  );
};

/**
 * The role a form report records: controller as the reporter says, or processor for a registered controller, whose
 * registered contact details replace whatever the reporter typed. A controller that is not registered is refused
 * with a field error, and nothing is recorded.
 */
export const formOrganisationRole = (
  role: BreachReport['organisationRole'],
  policy: Pick<OrganisationPolicy, 'controllers'>,
): BreachReport['organisationRole'] => {
  if (role.role === 'controller') return role;
  const controller = registeredController(policy, role.controller);
  if (controller) return { role: 'processor', controller };
  const names = (policy.controllers ?? []).map((registered) => registered.name);
  throw new ValidationError(
    [
      {
        path: 'organisationRole.controller.name',
        message:
          names.length === 0
            ? 'this organisation has no controllers registered: report it as controller, or ask the data protection officer'
            : `must be one of the controllers this organisation is registered to process data for: ${names.join(', ')}`,
      },
    ],
    'The report has invalid fields; see errors.',
  );
};

/**
 * Where the controller notice of a breach may be mailed: any address an API report gave, but for a form report only a
 * registered controller's. Undefined: no address may be used, and the DPO is asked to phone instead.
 */
export const controllerAddress = (
  channel: 'api' | 'form',
  controller: Pick<Contact, 'name' | 'email'>,
  policy: Pick<OrganisationPolicy, 'controllers'>,
): string | undefined => {
  if (channel === 'api') return controller.email;
  const registered = registeredController(policy, controller);
  return registered && same(registered.email, controller.email) ? registered.email : undefined;
};
