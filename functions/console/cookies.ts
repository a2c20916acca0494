import type { APIGatewayProxyEvent } from 'aws-lambda';
import { SESSION_MAX_SECONDS, SIGN_IN_SECONDS } from '../domain/sessions';

/**
 * The console's two cookies. `__Host-` makes the browser refuse them unless Secure, host-only and Path=/, so a
 * sibling subdomain cannot plant one (session fixation by cookie injection). HttpOnly keeps them from any script;
 * SameSite=Lax sends them on a top-level link from a mail or from the identity provider's redirect, never on a
 * cross-site POST.
 */
export const SESSION_COOKIE = '__Host-bd_session';
export const SIGN_IN_COOKIE = '__Host-bd_signin';

const ATTRIBUTES = 'Path=/; Secure; HttpOnly; SameSite=Lax';

export const sessionCookie = (token: string): string =>
  `${SESSION_COOKIE}=${token}; ${ATTRIBUTES}; Max-Age=${SESSION_MAX_SECONDS}`;
export const signInCookie = (token: string): string =>
  `${SIGN_IN_COOKIE}=${token}; ${ATTRIBUTES}; Max-Age=${SIGN_IN_SECONDS}`;
export const clearedCookie = (name: string): string => `${name}=; ${ATTRIBUTES}; Max-Age=0`;

/** A cookie of the request, by name; the first when the browser sent it twice. */
export const cookieOf = (
  event: Pick<APIGatewayProxyEvent, 'headers' | 'multiValueHeaders'>,
  name: string,
): string | undefined => {
  const lines = [
    ...Object.entries(event.multiValueHeaders ?? {})
      .filter(([key]) => key.toLowerCase() === 'cookie')
      .flatMap(([, values]) => values ?? []),
    ...Object.entries(event.headers ?? {})
      .filter(([key]) => key.toLowerCase() === 'cookie')
      .map(([, value]) => value ?? ''),
  ];
  for (const line of lines) {
    for (const part of line.split(';')) {
      const at = part.indexOf('=');
      if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
    }
  }
  return undefined;
};
