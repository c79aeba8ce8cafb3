package io.cybernetcall.auth.service;

import io.cybernetcall.platform.problem.ProblemType;

/**
 * The problems only auth-service answers with (the shared ones are {@code CommonProblem}). The code
 * is part of the API (docs/auth-api.md): never rename one.
 */
public final class AuthProblem {

  public static final ProblemType WEAK_PASSWORD =
      new ProblemType("weak-password", "Password too weak", 400);
  public static final ProblemType INVALID_TOKEN =
      new ProblemType("invalid-token", "Invalid or expired token", 400);
  public static final ProblemType INVALID_CREDENTIALS =
      new ProblemType("invalid-credentials", "Invalid username or password", 401);
  public static final ProblemType INVALID_REFRESH_TOKEN =
      new ProblemType("invalid-refresh-token", "Invalid refresh token", 401);
  public static final ProblemType REFRESH_TOKEN_REUSED =
      new ProblemType("refresh-token-reused", "Refresh token reused; session revoked", 401);
  public static final ProblemType CONFLICT = new ProblemType("conflict", "Conflict", 409);
  public static final ProblemType USERNAME_TAKEN =
      new ProblemType("username-taken", "Username already registered", 409);
  public static final ProblemType EMAIL_TAKEN =
      new ProblemType("email-taken", "Email already registered", 409);
  public static final ProblemType ACCOUNT_EXISTS =
      new ProblemType("account-exists", "An account with this email address exists", 409);
  public static final ProblemType PASSWORD_SIGN_IN_DISABLED =
      new ProblemType("password-sign-in-disabled", "Password sign-in is switched off", 403);
  public static final ProblemType SSO_CLAIM_MISSING =
      new ProblemType("sso-claim-missing", "The provider's token lacks a needed claim", 400);
  public static final ProblemType INVALID_LOGOUT_TOKEN =
      new ProblemType("invalid-logout-token", "Invalid logout token", 400);
  public static final ProblemType IDENTITY_LINKED =
      new ProblemType("identity-linked", "Already joined to another account", 409);
  public static final ProblemType PROVIDER_UNAVAILABLE =
      new ProblemType("provider-unavailable", "Identity provider unavailable", 503);
  public static final ProblemType DEVICE_KEYS_DIFFER =
      new ProblemType("device-keys-differ", "This device is registered with other keys", 409);
  public static final ProblemType TOO_MANY_DEVICES =
      new ProblemType("too-many-devices", "Too many devices", 409);
  public static final ProblemType TOO_MANY_REQUESTS =
      new ProblemType("too-many-requests", "Too many requests", 429);

  private AuthProblem() {}
}
