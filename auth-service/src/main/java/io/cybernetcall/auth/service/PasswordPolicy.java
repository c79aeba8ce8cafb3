package io.cybernetcall.auth.service;

import io.cybernetcall.auth.config.AuthConfig;
import io.cybernetcall.platform.problem.Problem;
import io.cybernetcall.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * NIST SP 800-63B style rules: a minimum length, a maximum (bounds hashing work), no commonly used
 * passwords, nothing derived from the account's own name or address. No composition rules: they
 * make passwords worse, not stronger.
 */
@ApplicationScoped
public class PasswordPolicy {

  private static final String COMMON_PASSWORDS = "common-passwords.txt";

  private final int minLength;
  private final int maxLength;
  private final Set<String> common;

  @Inject
  public PasswordPolicy(AuthConfig config) {
    this(config.password().minLength(), config.password().maxLength());
  }

  /** The policy with these length bounds (and the bundled list of common passwords). */
  public PasswordPolicy(int minLength, int maxLength) {
    this.minLength = minLength;
    this.maxLength = maxLength;
    this.common = loadCommonPasswords();
  }

  /** Throws a 400 {@code weak-password} problem saying why, or returns normally. */
  public void check(String password, String username, String email) {
    String reason = weakness(password, username, email);
    if (reason != null) {
      throw new ProblemException(
          AuthProblem.WEAK_PASSWORD, reason, List.of(new Problem.FieldError("password", reason)));
    }
  }

  private String weakness(String password, String username, String email) {
    int length = password.codePointCount(0, password.length());
    if (length < minLength) {
      return "Password must be at least " + minLength + " characters long.";
    }
    if (length > maxLength) {
      return "Password must be at most " + maxLength + " characters long.";
    }
    String lower = password.toLowerCase(Locale.ROOT);
    if (common.contains(lower)) {
      return "Password is too common; choose one that is not on lists of leaked passwords.";
    }
    if (password.codePoints().distinct().count() < 4) {
      return "Password repeats too few different characters.";
    }
    if (username != null
        && username.length() >= 3
        && lower.contains(username.toLowerCase(Locale.ROOT))) {
      return "Password must not contain the username.";
    }
    String localPart = email == null ? null : email.split("@", 2)[0].toLowerCase(Locale.ROOT);
    if (localPart != null && localPart.length() >= 3 && lower.contains(localPart)) {
      return "Password must not contain the email address.";
    }
    return null;
  }

  private static Set<String> loadCommonPasswords() {
    Set<String> passwords = new HashSet<>();
    try (InputStream in =
            PasswordPolicy.class.getClassLoader().getResourceAsStream(COMMON_PASSWORDS);
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      reader
          .lines()
          .map(String::trim)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .forEach(l -> passwords.add(l.toLowerCase(Locale.ROOT)));
    } catch (IOException | NullPointerException e) {
      throw new UncheckedIOException(new IOException("Missing resource " + COMMON_PASSWORDS, e));
    }
    return Set.copyOf(passwords);
  }
}
