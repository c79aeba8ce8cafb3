// The rules of the account forms, checked in the page so a person sees every problem at once, by
// field, before anything is sent. auth-service enforces the same rules (it stays the authority);
// its answer is mapped onto the same fields by fieldErrorsFromProblem.

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]{2,31}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
// eslint-disable-next-line no-control-regex -- the rule is exactly "no control characters"
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
export const MIN_PASSWORD_LENGTH = 10;

const RULES = {
  username: (value) => {
    if (!value) return 'Choose a username.';
    if (!USERNAME.test(value))
      return 'Use 3–32 letters, digits, dots, dashes or underscores, starting with a letter or digit.';
    return null;
  },
  email: (value) => {
    if (!value) return 'Enter your email address.';
    if (value.length > 254 || !EMAIL.test(value)) return 'Enter an email address like name@example.com.';
    return null;
  },
  displayName: (value) => {
    if (!value) return 'Enter the name your contacts will see.';
    if (value.length > 64) return 'Use at most 64 characters.';
    if (CONTROL.test(value)) return 'Use letters, digits and punctuation only.';
    return null;
  },
  newPassword: (value, fields) => {
    if (!value) return 'Choose a password.';
    if ([...value].length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
    if (value.length > 1024) return 'Use at most 1024 characters.';
    const lower = value.toLowerCase();
    for (const own of [fields.username, fields.email?.split('@')[0]]) {
      if (own && own.length >= 3 && lower.includes(own.toLowerCase()))
        return 'Do not use your username or email in the password.';
    }
    return null;
  },
  login: (value) => (value ? null : 'Enter your username or email.'),
  password: (value) => (value ? null : 'Enter your password.'),
};

/** Which rule checks each field of each form. */
const FORMS = {
  'sign-in': { username: 'login', password: 'password' },
  'sign-up': { username: 'username', email: 'email', displayName: 'displayName', password: 'newPassword' },
  forgot: { email: 'email' },
  reset: { newPassword: 'newPassword' },
};

/** Every problem of a form's fields at once: {field: message}; empty when the form may be sent. */
export function validate(form, fields) {
  const trimmed = Object.fromEntries(
    Object.entries(fields).map(([name, value]) => [
      name,
      name.toLowerCase().includes('password') ? value : String(value ?? '').trim(),
    ]),
  );
  const errors = {};
  for (const [field, rule] of Object.entries(FORMS[form] || {})) {
    const message = RULES[rule](trimmed[field] ?? '', trimmed);
    if (message) errors[field] = message;
  }
  return errors;
}

const SERVER_FIELD_MESSAGES = {
  'username-taken': ['username', 'This username is taken; choose another.'],
  'email-taken': ['email', 'An account with this email address exists. Sign in, or reset its password.'],
  'weak-password': ['password', null],
};

/**
 * Maps a refusal from the server onto the form's fields: {fields: {field: message}, general}.
 * A validation problem lists its fields; a few problem types belong to one field.
 */
export function fieldErrorsFromProblem(form, problem, passwordField = 'password') {
  const known = new Set(Object.keys(FORMS[form] || {}));
  const fields = {};
  for (const { field, message } of problem.errors || []) {
    const name = field === 'password' ? passwordField : field;
    if (known.has(name)) fields[name] = capitalise(message);
  }
  const single = SERVER_FIELD_MESSAGES[problem.type];
  if (single) {
    const [field, message] = single;
    const name = field === 'password' ? passwordField : field;
    if (known.has(name)) fields[name] = message || problem.message;
  }
  const general = Object.keys(fields).length ? null : problem.message;
  return { fields, general };
}

function capitalise(message) {
  const text = String(message || '').trim();
  return text ? `${text[0].toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}` : text;
}
