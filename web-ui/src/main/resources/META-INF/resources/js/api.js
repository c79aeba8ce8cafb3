// HTTP calls to the services behind this origin, and the session. The refresh token lives in an
// HttpOnly cookie that only /session/... receives; the access token lives in this module's memory.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `Request failed (${status})`);
    this.status = status;
    this.type = (problem?.type || '').replace('urn:cybernet-call:problem:', '');
    this.errors = problem?.errors || [];
    this.retryAfter = problem?.retryAfter;
    this.publicUrl = problem?.publicUrl; // forbidden-origin: where the installation is opened
  }
}

async function readProblem(response) {
  const problem = await response.json().catch(() => null);
  const error = new ApiError(
    response.status,
    problem || {
      title:
        response.status === 413
          ? 'Too large'
          : response.status >= 500
            ? 'The service is unavailable; try again shortly.'
            : response.statusText,
    },
  );
  error.retryAfter = Number(response.headers.get('Retry-After')) || undefined;
  return error;
}

const RENEW_BEFORE_EXPIRY_MS = 60_000;

export class Session extends EventTarget {
  #accessToken = null;
  #renewTimer = null;
  #rechecking = null;
  user = null;
  expiresAt = 0;

  get accessToken() {
    return this.#accessToken;
  }

  async signIn(username, password) {
    return this.#accept(await this.#post('/session/login', { username, password }));
  }

  /** Picks up the session kept in the cookie; false when there is none. */
  async restore() {
    try {
      await this.#accept(await this.#post('/session/refresh'));
      return true;
    } catch (e) {
      if (e.status === 401) return false;
      throw e;
    }
  }

  /**
   * Joins the provider account the person just signed in to (Settings → join) to this account:
   * the last step of `/session/sso/link`, which needs this page's own request (its cookies).
   */
  async joinProvider() {
    const response = await fetch('/session/sso/link', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'X-Requested-With': 'JavaScript' },
    });
    if (!response.ok) throw await readProblem(response);
  }

  /**
   * Ends the session; for one started at the identity provider, returns where to sign out there
   * too (the provider's end-session address), otherwise nothing.
   */
  async signOut() {
    clearTimeout(this.#renewTimer);
    this.#accessToken = null;
    this.user = null;
    const response = await fetch('/session/logout', { method: 'POST', credentials: 'same-origin' }).catch(() => null);
    if (response?.status !== 200) return null;
    const { continueAt } = await response.json().catch(() => ({}));
    return typeof continueAt === 'string' && /^https?:\/\//.test(continueAt) ? continueAt : null;
  }

  async #post(path, body) {
    const response = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: body ? { 'Content-Type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) throw await readProblem(response);
    return response.json();
  }

  #accept(tokens) {
    this.#accessToken = tokens.accessToken;
    this.user = tokens.user;
    this.expiresAt = Date.now() + tokens.expiresIn * 1000;
    clearTimeout(this.#renewTimer);
    this.#renewTimer = setTimeout(
      () => this.#renew(),
      Math.max(5_000, tokens.expiresIn * 1000 - RENEW_BEFORE_EXPIRY_MS),
    );
    this.dispatchEvent(new CustomEvent('token', { detail: this.#accessToken }));
    return tokens.user;
  }

  async #renew() {
    try {
      if (!(await this.restore())) {
        this.#accessToken = null;
        clearTimeout(this.#renewTimer);
        this.dispatchEvent(new Event('ended'));
      }
    } catch {
      // auth-service unreachable: try again shortly, the current token is still valid for a while
      this.#renewTimer = setTimeout(() => this.#renew(), 10_000);
    }
  }

  /**
   * A server refused this session (a 401, the signaling socket closed because the session ended):
   * ask once, now, whether it still lives. An ended session (signed out elsewhere, revoked, its
   * person disabled at the identity provider) then says 'ended' at once instead of at the next
   * renewal, minutes later; a merely expired access token is renewed.
   */
  recheck() {
    if (!this.#accessToken) return Promise.resolve();
    this.#rechecking ??= this.#renew().finally(() => {
      this.#rechecking = null;
    });
    return this.#rechecking;
  }

  /** JSON request with the bearer token; problem+json answers become ApiError. */
  async request(method, path, body, { signal } = {}) {
    const response = await fetch(path, {
      method,
      signal,
      headers: {
        Authorization: `Bearer ${this.#accessToken}`,
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    if (response.status === 401) this.recheck();
    if (!response.ok) throw await readProblem(response);
    const text = await response.text();
    return text ? JSON.parse(text) : null;
  }
}

/** Calls that need no session (account creation, emailed links). */
export async function publicPost(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw await readProblem(response);
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}
