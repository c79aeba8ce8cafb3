package io.cybernetcall.auth.service;

import java.util.Locale;

/** Usernames and email addresses compare case-insensitively, without surrounding spaces. */
public final class AccountNames {

  private AccountNames() {}

  public static String normalizeUsername(String username) {
    return username.trim().toLowerCase(Locale.ROOT);
  }

  public static String normalizeEmail(String email) {
    return email.trim().toLowerCase(Locale.ROOT);
  }
}
