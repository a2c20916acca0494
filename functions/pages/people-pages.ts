import { formatInTimeZone } from '../domain/clocks';
import { ROLE_LABELS, ROLES, type Role } from '../domain/roles';
import { isActive, isAwayAt, type User } from '../domain/users';
import { button, errorSummary, hiddenInput, insetText, paragraph, table, tag, warningText } from './components';
import { type ConsolePageBase, consolePage as page } from './console-pages';
import { CSRF_FIELD, type FieldDef, type FormErrors, type PlacedField, renderFields } from './forms';
import { type Html, html, type Renderable } from './html';

/**
 * The people pages of the console: an administrator's list of their organisation's users with the forms to add one,
 * change their roles and deactivate them; and the page where a DPO (or anyone who may be asked to decide) says when
 * they are away. Rendering only; console/people-routes.ts reads, validates and writes.
 */

/** What each role is for, beside its checkbox: an administrator choosing roles should not need the manual. */
const ROLE_HINTS: Record<Role, string> = {
  reporter: 'Reports breaches; does not see cases.',
  dpo: 'Receives every breach and takes the steps of the procedure.',
  'deputy-dpo': 'Takes the steps too, and receives requests and alerts while the DPO is away.',
  slt: 'Senior leadership team: sees cases and decides where the policy says so.',
  governors: 'Decides when the policy gives a step to the governors (a breach caused by the head).',
  'senior-management': 'Signs off the notification decision where the policy asks for it.',
  board: 'Sees cases and the reports made to the board.',
  siro: 'Senior information risk owner: confirms the actions of a case complete before it closes.',
  auditor: 'Reads every case and the register; can change nothing.',
  administrator: 'Adds and removes users and changes their roles; does not see cases.',
};

const rolesField: FieldDef = {
  kind: 'checkboxes',
  key: 'roles',
  label: 'Roles',
  hint: 'Select all that apply. What a person may see and do comes from these roles.',
  options: ROLES.map((role) => ({ value: role, text: ROLE_LABELS[role], hint: ROLE_HINTS[role] })),
  missing: 'Select at least one role',
};

export const NEW_USER_FIELDS: readonly FieldDef[] = [
  { kind: 'text', key: 'name', label: 'Full name', max: 200, autocomplete: 'off', missing: 'Enter the person’s name' },
  {
    kind: 'email',
    key: 'email',
    label: 'E-mail address',
    hint: 'The address they sign in with at your organisation’s sign-in (Microsoft, Google or Breachdesk’s own).',
    max: 254,
    autocomplete: 'off',
    missing: 'Enter the person’s e-mail address',
    invalid: 'Enter an e-mail address in the correct format, like name@example.org',
  },
  rolesField,
];

export const ROLES_FIELDS: readonly FieldDef[] = [rolesField];

export const AWAY_FIELDS: readonly FieldDef[] = [
  {
    kind: 'datetime',
    key: 'from',
    label: 'When do you leave?',
    hint: 'For example, 22 12 2026 17 00',
    missing: 'Enter when you leave',
  },
  {
    kind: 'datetime',
    key: 'until',
    label: 'When are you back?',
    hint: 'Requests and alerts come to you again from this moment.',
    missing: 'Enter when you are back',
  },
];

const rolesText = (roles: readonly Role[]) => roles.map((role) => ROLE_LABELS[role]).join(', ');

const statusOf = (user: User, p: ConsolePageBase): Html => {
  if (!isActive(user)) return tag('Deactivated', 'grey');
  if (user.away && isAwayAt(user, p.now)) {
    return html`${tag('Away', 'yellow')} until ${formatInTimeZone(user.away.until, p.policy.timeZone)}`;
  }
  return tag('Active', 'green');
};

/** What just happened, from a fixed list (never text from the address bar). */
export const DONE_MESSAGES = {
  added: 'The user was added. They sign in with this address at your organisation’s sign-in.',
  reactivated: 'The user was activated again with the roles you chose.',
  roles: 'The roles were changed. They apply from the person’s next page.',
  deactivated: 'The user was deactivated and signed out everywhere.',
  away: 'Your absence is recorded. Requests and alerts go to your deputy while you are away.',
  back: 'You are marked back. Requests and alerts come to you again.',
} as const;
export type Done = keyof typeof DONE_MESSAGES;

const banner = (done: Done | undefined): Renderable =>
  done
    ? html`<div class="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="done-title" data-module="govuk-notification-banner"><div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title" id="done-title">Success</h2></div><div class="govuk-notification-banner__content"><p class="govuk-notification-banner__heading">${DONE_MESSAGES[done]}</p></div></div>`
    : undefined;

export const renderUsersPage = (p: ConsolePageBase & { users: readonly User[]; done?: Done }): string => {
  const content = html`${banner(p.done)}<h1 class="govuk-heading-xl">Users</h1>
${paragraph(`The people of ${p.organisationName} who can sign in to Breachdesk, and what each may do. Every change is recorded with your name.`)}
<a href="${p.base}/users/new" role="button" draggable="false" class="govuk-button" data-module="govuk-button">Add a user</a>
${table({
  caption: html`<span class="govuk-visually-hidden">Users of ${p.organisationName}</span>`,
  head: ['Name', 'E-mail address', 'Roles', 'Status', html`<span class="govuk-visually-hidden">Actions</span>`],
  rows: p.users.map((user) => [
    user.name,
    user.email,
    rolesText(user.roles),
    statusOf(user, p),
    isActive(user)
      ? html`<ul class="govuk-list govuk-!-margin-bottom-0"><li><a class="govuk-link" href="${p.base}/users/${user.id}/roles">Change roles<span class="govuk-visually-hidden"> of ${user.name}</span></a></li><li><a class="govuk-link" href="${p.base}/users/${user.id}/deactivate">Deactivate<span class="govuk-visually-hidden"> ${user.name}</span></a></li></ul>`
      : html`<span class="govuk-body-s">Add them again to reactivate</span>`,
  ]),
})}`;
  return page(p, 'Users', content);
};

export interface PeopleFormPage extends ConsolePageBase {
  title: string;
  caption?: string;
  action: string;
  placed: readonly PlacedField[];
  values: URLSearchParams;
  errors: FormErrors;
  submit: string;
  intro?: Renderable;
  after?: Renderable;
  back: { href: string; text: string };
}

/** A people form: its error summary, fields, anti-forgery token and button. */
export const renderPeopleForm = (p: PeopleFormPage): string => {
  const hasErrors = p.errors.summary.length > 0;
  const content = html`<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
${hasErrors ? errorSummary(p.errors.summary) : undefined}
${p.caption ? html`<span class="govuk-caption-l">${p.caption}</span>` : undefined}
<h1 class="govuk-heading-xl">${p.title}</h1>
${p.intro}
<form method="post" novalidate action="${p.action}">
${hiddenInput(CSRF_FIELD, p.csrfToken)}
${renderFields(p.placed, { ctx: undefined, values: p.values, errors: p.errors.byName })}
${button(p.submit)}
</form>
${p.after}
<p class="govuk-body"><a class="govuk-link" href="${p.back.href}">${p.back.text}</a></p>
</div></div>`;
  return page(p, p.title, content, hasErrors);
};

export const renderDeactivatePage = (p: ConsolePageBase & { user: User; problem?: string }): string => {
  const content = html`<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
${p.problem ? errorSummary([{ text: p.problem }]) : undefined}
<span class="govuk-caption-l">${p.user.name}</span>
<h1 class="govuk-heading-xl">Deactivate ${p.user.name}?</h1>
${paragraph(`${p.user.email} · ${rolesText(p.user.roles)}`)}
${warningText('They are signed out at once and can no longer sign in. Their name stays on every decision they took.')}
<form method="post" novalidate action="${p.base}/users/${p.user.id}/deactivate">
${hiddenInput(CSRF_FIELD, p.csrfToken)}
<button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button">Deactivate ${p.user.name}</button>
</form>
<p class="govuk-body"><a class="govuk-link" href="${p.base}/users">Back to users</a></p>
</div></div>`;
  return page(p, `Deactivate ${p.user.name}`, content, p.problem !== undefined);
};

/** What the away page says before its form: whether the person is away now or has an absence ahead. */
export const awayStatus = (p: ConsolePageBase & { user: User; done?: Done }): Renderable => {
  const { away } = p.user;
  const when = (iso: string) => formatInTimeZone(iso, p.policy.timeZone);
  return html`${banner(p.done)}${
    away && Date.parse(away.until) > p.now.getTime()
      ? insetText(
          isAwayAt(p.user, p.now)
            ? `You are marked away until ${when(away.until)}.`
            : `You are marked away from ${when(away.from)} until ${when(away.until)}.`,
        )
      : undefined
  }${paragraph('While you are away, decision requests and deadline alerts that would come to you go to your deputy (at a school without a deputy, to the senior leadership team). You can change the dates or say you are back at any time.')}`;
};

export const backForm = (p: ConsolePageBase & { user: User }): Renderable =>
  p.user.away && Date.parse(p.user.away.until) > p.now.getTime()
    ? html`<form method="post" novalidate action="${p.base}/away">${hiddenInput(CSRF_FIELD, p.csrfToken)}${hiddenInput('back', 'yes')}<button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">I am back</button></form>`
    : undefined;
