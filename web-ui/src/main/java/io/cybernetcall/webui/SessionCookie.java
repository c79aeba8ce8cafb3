package io.cybernetcall.webui;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;

/**
 * The cookie that carries a session's refresh token: HttpOnly, SameSite=Strict, scoped to {@code
 * /session}, so no script and no other path ever sees it.
 */
final class SessionCookie {

  static final String NAME = "cybernet_session";
  static final String PATH = "/session";

  private SessionCookie() {}

  static Cookie of(String refreshToken, long maxAgeSeconds, boolean secure) {
    return Cookie.cookie(NAME, refreshToken)
        .setPath(PATH)
        .setHttpOnly(true)
        .setSecure(secure)
        .setSameSite(CookieSameSite.STRICT)
        .setMaxAge(maxAgeSeconds);
  }

  static Cookie expired(boolean secure) {
    return of("", 0, secure);
  }
}
