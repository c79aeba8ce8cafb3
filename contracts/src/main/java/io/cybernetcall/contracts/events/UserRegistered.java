package io.cybernetcall.contracts.events;

/** Payload of {@link EventTypes#USER_REGISTERED}. */
public record UserRegistered(String userId, String username, String email, String displayName) {

  public UserRegistered {
    Require.present(userId, "userId");
    Require.present(email, "email");
  }
}
