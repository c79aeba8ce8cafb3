package io.cybernetcall.contracts.events;

/**
 * Payload of {@link EventTypes#USER_PASSWORD_RESET_REQUESTED}. Carries the single-use token the
 * emailed link must contain; only its hash is stored by auth-service.
 */
public record PasswordResetRequested(
    String userId, String email, String displayName, String token, String expiresAt) {

  public PasswordResetRequested {
    Require.present(userId, "userId");
    Require.present(email, "email");
    Require.present(token, "token");
  }
}
