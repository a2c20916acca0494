/**
 * Where sign-in returns to: only a path inside the console. A return address is the classic open redirect — a link
 * to the real sign-in page that lands the person on a look-alike site afterwards — so anything that is not a plain
 * absolute path under the console's base is replaced by the dashboard.
 */
export const safeReturnPath = (candidate: unknown, consoleBase: string): string => {
  const home = `${consoleBase}/`;
  if (typeof candidate !== 'string' || candidate.length > 2000) return home;
  // Only printable ASCII: no tabs or newlines that browsers strip, no backslashes they read as slashes.
  if (!/^[\x21-\x7e]*$/.test(candidate) || candidate.includes('\\')) return home;
  if (!candidate.startsWith(home) && candidate !== consoleBase) return home;
  let url: URL;
  try {
    url = new URL(candidate, 'https://console.invalid');
  } catch {
    return home;
  }
  // Resolved against a dummy origin, a path that escapes it (`//evil`) or climbs out (`/console/../x`) shows.
  if (url.origin !== 'https://console.invalid') return home;
  if (!url.pathname.startsWith(home) && url.pathname !== consoleBase) return home;
  return `${url.pathname}${url.search}`;
};
