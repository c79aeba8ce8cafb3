package io.cybernetcall.auth.mapping;

import io.cybernetcall.auth.model.User;
import io.cybernetcall.auth.rest.dto.UserSummary;
import io.cybernetcall.auth.rest.dto.UserView;
import java.util.Locale;

/** Entity to API shapes, and the normalization that makes usernames and emails case-blind. */
public final class UserMapper {

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

  public static String normalizeUsername(String username) {
    return username.trim().toLowerCase(Locale.ROOT);
  }

  public static String normalizeEmail(String email) {
    return email.trim().toLowerCase(Locale.ROOT);
  }
}
