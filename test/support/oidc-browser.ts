/**
 * Just enough of a browser to walk an OIDC authorization through the local provider without Chromium: follows
 * redirects by hand, keeps cookies by name, and posts the login page's form for the account chosen. It stops at the
 * first redirect to `stopAt` (the console's callback) and returns that URL.
 */
export class CookieJar {
  readonly #cookies = new Map<string, string>();

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === '') this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  get(name: string): string | undefined {
    return this.#cookies.get(name);
  }

  set(name: string, value: string): void {
    this.#cookies.set(name, value);
  }
}

/** `account` is a listed account's id, or `{ email }` typed into the login page's "someone else" form. */
export const walkAuthorization = async (
  start: string,
  account: string | { email: string },
  stopAt: string,
  jar = new CookieJar(),
): Promise<string> => {
  let url = start;
  let method = 'GET';
  let body: URLSearchParams | undefined;
  for (let hop = 0; hop < 20; hop++) {
    if (url.startsWith(stopAt)) return url;
    const response = await fetch(url, {
      method,
      redirect: 'manual',
      headers: { cookie: jar.header(), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(body ? { body } : {}),
    });
    jar.store(response);
    const location = response.headers.get('location');
    if (location) {
      url = new URL(location, url).toString();
      method = 'GET';
      body = undefined;
      continue;
    }
    const page = await response.text();
    const form = new RegExp(
      typeof account === 'string'
        ? `<form method="post" action="([^"]+)"><input type="hidden" name="account" value="${account}">`
        : '<form method="post" action="([^"]+)"><p><label for="email">',
    ).exec(page);
    const who = typeof account === 'string' ? account : account.email;
    if (!form?.[1]) throw new Error(`no sign-in for ${who} on ${url} (${response.status}): ${page.slice(0, 300)}`);
    url = new URL(form[1], url).toString();
    method = 'POST';
    body = new URLSearchParams(typeof account === 'string' ? { account } : { email: account.email });
  }
  throw new Error('too many redirects');
};
