import { can, type Role } from '../domain/roles';
import { type Html, html } from './html';

/** Roles that can be asked to decide while others are away, and so may say when they are away themselves. */
export const MAY_MARK_AWAY: readonly Role[] = ['dpo', 'deputy-dpo', 'slt', 'governors', 'senior-management', 'board'];

/** The console bar's links to the people pages, for whoever may use them. */
export const peopleLinks = (p: { base: string; session: { roles: readonly Role[] } }): Html =>
  html`${
    can(p.session.roles, 'administer')
      ? html`<li class="govuk-!-display-inline-block govuk-!-margin-right-4"><a class="govuk-link" href="${p.base}/users">Users</a></li>`
      : undefined
  }${
    p.session.roles.some((role) => MAY_MARK_AWAY.includes(role))
      ? html`<li class="govuk-!-display-inline-block govuk-!-margin-right-4"><a class="govuk-link" href="${p.base}/away">Away</a></li>`
      : undefined
  }`;
