/**
 * The console's addresses that mails carry. A browser following a link from a mail cannot send an API key, so every
 * "Open the breach" opens the case page in the console, which signs the person in first and then returns to the case
 * (domain/return-path.ts keeps that return inside the console).
 */

const trimmed = (publicBaseUrl: string) => publicBaseUrl.replace(/\/+$/, '');

/** The case page: `<public base>/console/breaches/<id>`. */
export const consoleCaseUrl = (publicBaseUrl: string, breachId: string): string =>
  `${trimmed(publicBaseUrl)}/console/breaches/${encodeURIComponent(breachId)}`;
