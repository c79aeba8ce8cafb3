// How the sign-in screen looks for this installation, and what a refused single sign-on says. Pure,
// so it is unit-tested without a browser.

/** The problem codes a single sign-on may come back with (`/?sign-in-error=<code>`). */
const SSO_REFUSALS = ['account-exists', 'sso-claim-missing', 'unavailable', 'provider-unavailable'];

/**
 * What the screen offers, from `/api/auth/sign-in-options` ({password, provider?: {name}}); when
 * the options could not be read, passwords only, as before single sign-on existed.
 */
export function signInChoices(options) {
  const provider = typeof options?.provider?.name === 'string' ? options.provider.name : null;
  return { password: options?.password !== false || !provider, provider };
}

/** The catalogue key for a refused single sign-on, from the address the gateway sent us back to. */
export function ssoRefusalKey(search) {
  const code = new URLSearchParams(search).get('sign-in-error');
  if (code === null) return null;
  return SSO_REFUSALS.includes(code) ? `sso.${code}` : 'sso.failed';
}

/**
 * Joining a provider account from Settings comes back as `/?link=confirm` (the page finishes it)
 * or `/?link-error=<code>`: what to do, and the catalogue key of a failure.
 */
export function linkOutcome(search) {
  const query = new URLSearchParams(search);
  if (query.get('link') === 'confirm') return { confirm: true, errorKey: null };
  const code = query.get('link-error');
  if (code === null) return { confirm: false, errorKey: null };
  return { confirm: false, errorKey: code === 'identity-linked' ? 'sso.link-identity-linked' : 'sso.link-failed' };
}
