// The signed-out screens: sign in, sign up, forgotten password, the emailed-link pages, and the
// page shown when the app was opened at an address the installation does not accept.

import { ApiError, publicPost } from '../api.js';
import { signInChoices, ssoRefusalKey } from '../logic/sign-in.js';
import { fieldErrorsFromProblem, validate } from '../logic/validation.js';
import { $, element } from '../ui/dom.js';
import { t } from '../ui/messages.js';
import { notify } from '../ui/notice.js';

const PASSWORD_FIELD = { 'sign-up': 'password', reset: 'newPassword' };

export function showAuth(view) {
  $('#app-view').hidden = true;
  $('#auth-view').hidden = false;
  for (const card of document.querySelectorAll('#auth-view [data-view]')) card.hidden = card.dataset.view !== view;
  document.querySelector(`#auth-view [data-view="${view}"] input`)?.focus();
}

/** Each field gets its own message element, tied to it with aria-describedby. */
function prepareFields(form) {
  for (const input of form.querySelectorAll('input[name]')) {
    const id = `${form.id}-${input.name}-error`;
    const message = element('p', { class: 'field-error', id, hidden: true });
    input.closest('label').after(message);
    const described = input.getAttribute('aria-describedby');
    input.setAttribute('aria-describedby', described ? `${described} ${id}` : id);
  }
}

function showFieldErrors(form, fields, general) {
  for (const input of form.querySelectorAll('input[name]')) {
    const message = fields[input.name];
    const target = $(`#${form.id}-${input.name}-error`);
    target.textContent = message || '';
    target.hidden = !message;
    if (message) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }
  const count = Object.keys(fields).length;
  form.querySelector('.form-error').textContent = general || (count ? t('form.fix', { count }) : '');
  const first = form.querySelector('input[aria-invalid="true"]');
  first?.focus();
}

function bindForm(form, submit) {
  prepareFields(form);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const view = form.dataset.view;
    const fields = Object.fromEntries(new FormData(form));
    const problems = validate(view, fields);
    showFieldErrors(form, problems, null);
    if (Object.keys(problems).length) return;
    const submitButton = form.querySelector('button[type=submit]');
    submitButton.disabled = true;
    try {
      await submit(fields);
    } catch (error) {
      if (!(error instanceof ApiError)) {
        showFieldErrors(form, {}, error.message);
      } else {
        const mapped = fieldErrorsFromProblem(view, error, PASSWORD_FIELD[view]);
        const general =
          mapped.general && error.retryAfter
            ? t('form.retry-after', { detail: mapped.general, seconds: error.retryAfter })
            : mapped.general;
        showFieldErrors(form, mapped.fields, general);
      }
    } finally {
      submitButton.disabled = false;
    }
  });
}

/**
 * The address the page was opened at is not one the installation accepts: say which one it is,
 * before anything (an account) is created.
 */
export function showOriginRefused(problem) {
  const actual = location.origin;
  const expected = problem.publicUrl;
  $('#origin-message').textContent = expected
    ? t('origin.refused', { expected, actual })
    : t('origin.refused.unknown', { actual });
  const link = $('#origin-link');
  link.hidden = !expected;
  if (expected) {
    link.href = `${expected}${location.pathname}${location.search}${location.hash}`;
    link.textContent = t('origin.open', { expected });
  }
  showAuth('origin');
}

export async function verifyEmail() {
  showAuth('verify');
  const token = new URLSearchParams(location.search).get('token');
  try {
    await publicPost('/api/auth/verify-email', { token });
    $('#verify-result').textContent = t('account.verified');
  } catch (error) {
    $('#verify-result').textContent = error.type === 'invalid-token' ? t('account.link-invalid') : error.message;
  }
}

/**
 * Offers the installation's identity provider ("Sign in with …", a plain link: the code flow runs
 * on the server) and hides password sign-in where it is switched off; says why a single sign-on
 * that came back here was refused.
 */
export async function showSignInChoices() {
  let options = null;
  try {
    const response = await fetch('/api/auth/sign-in-options', { signal: AbortSignal.timeout(10_000) });
    if (response.ok) options = await response.json();
  } catch {
    // Unreachable: the password form stays, as it always did.
  }
  const { password, provider } = signInChoices(options);
  $('#sso-choice').hidden = !provider;
  if (provider) $('#sso-sign-in').textContent = t('sso.button', { provider });
  $('#password-sign-in').hidden = !password;
  const refusal = ssoRefusalKey(location.search);
  $('#sso-refusal').hidden = !refusal;
  $('#sso-refusal').textContent = refusal ? t(refusal, { provider: provider ?? t('sso.provider') }) : '';
  // Settings offers to join the provider's account to a password account.
  $('#sso-link-section').hidden = !provider || !password;
  if (provider) {
    $('#sso-link').textContent = t('sso.link', { provider });
    $('#sso-link-hint').textContent = t('sso.link-hint', { provider });
  }
  return provider;
}

/** Binds the forms; `signedIn()` opens the app once a session exists. */
export function initAuth({ session, signedIn }) {
  bindForm($('#sign-in-form'), async ({ username, password }) => {
    await session.signIn(username.trim(), password);
    $('#sign-in-form').reset();
    signedIn();
  });

  bindForm($('#sign-up-form'), async (fields) => {
    const username = fields.username.trim();
    await publicPost('/api/auth/register', {
      username,
      email: fields.email.trim(),
      displayName: fields.displayName.trim(),
      password: fields.password,
    });
    await session.signIn(username, fields.password);
    $('#sign-up-form').reset();
    signedIn();
    notify(t('account.welcome'));
  });

  bindForm($('#forgot-form'), async ({ email }) => {
    await publicPost('/api/auth/password-reset', { email: email.trim() });
    notify(t('account.reset-sent'));
    location.hash = '#sign-in';
  });

  bindForm($('#reset-form'), async ({ newPassword }) => {
    const token = new URLSearchParams(location.search).get('token');
    await publicPost('/api/auth/password-reset/confirm', { token, newPassword });
    history.replaceState(null, '', '/#sign-in');
    notify(t('account.password-changed'));
    showAuth('sign-in');
  });

  window.addEventListener('hashchange', () => {
    if (!session.accessToken && $('#auth-view [data-view="origin"]').hidden)
      showAuth(location.hash.slice(1) || 'sign-in');
  });
}
