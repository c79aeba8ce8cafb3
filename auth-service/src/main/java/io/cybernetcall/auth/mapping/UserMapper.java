package io.cybernetcall.auth.mapping;

import io.cybernetcall.auth.model.User;
import io.cybernetcall.auth.rest.dto.ContactView;
import io.cybernetcall.auth.rest.dto.TokenResponse;
import io.cybernetcall.auth.rest.dto.UserSummary;
import io.cybernetcall.auth.rest.dto.UserView;
import io.cybernetcall.auth.service.IssuedSession;
import io.cybernetcall.auth.service.Relationship;

/** Domain objects to the shapes the REST API returns (docs/auth-api.md). */
public final class UserMapper {

  private static final String BEARER = "Bearer";

  private UserMapper() {}

  public static UserView toView(User user) {
    return new UserView(
        user.id.toString(),
        user.username,
        user.email,
        user.displayName,
        user.emailVerified,
        user.createdAt);
  }

  public static UserSummary toSummary(User user) {
    return new UserSummary(user.id.toString(), user.username, user.displayName);
  }

  public static ContactView toContactView(Relationship relationship) {
    User other = relationship.other();
    return new ContactView(
        other.id.toString(),
        other.username,
        other.displayName,
        relationship.state(),
        relationship.since());
  }

  public static TokenResponse toTokenResponse(IssuedSession session) {
    return new TokenResponse(
        session.accessToken(),
        BEARER,
        session.accessLifetime().toSeconds(),
        session.refreshToken(),
        session.refreshLifetime().toSeconds(),
        toView(session.user()));
  }
}
