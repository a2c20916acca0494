import { can, type Role } from '../domain/roles';
import { type Html, html } from './html';

/** The links of the console's bar, each offered only to whoever its page would let in. */

/** Roles that can be asked to decide while others are away, and so may say when they are away themselves. */
export const MAY_MARK_AWAY: readonly Role[] = ['dpo', 'deputy-dpo', 'slt', 'governors', 'senior-management', 'board'];

const link = (href: string, text: string): Html =>
  html`<li class="govuk-!-display-inline-block govuk-!-margin-right-4"><a class="govuk-link" href="${href}">${text}</a></li>`;

/**
 * The console bar's links to the cases (the dashboard, the register, the trends), for whoever may see cases: an
 * administrator who handles no case is offered none of them, since each would answer 403.
 */
export const caseLinks = (p: { base: string; session: { roles: readonly Role[] } }): Html =>
  can(p.session.roles, 'view-cases')
    ? html`${link(`${p.base}/`, 'Dashboard')}${link(`${p.base}/register`, 'Register')}${link(`${p.base}/trends`, 'Trends')}`
    : html``;

/** The console bar's links to the people pages, for whoever may use them. */
export const peopleLinks = (p: { base: string; session: { roles: readonly Role[] } }): Html =>
  html`${can(p.session.roles, 'administer') ? link(`${p.base}/users`, 'Users') : undefined}${
    p.session.roles.some((role) => MAY_MARK_AWAY.includes(role)) ? link(`${p.base}/away`, 'Away') : undefined
  }`;
