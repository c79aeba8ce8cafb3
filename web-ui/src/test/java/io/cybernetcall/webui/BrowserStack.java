package io.cybernetcall.webui;

import static org.assertj.core.api.Assertions.assertThat;

import io.cybernetcall.testsupport.AuthServiceProcess;
import io.cybernetcall.testsupport.JavaServiceProcess;
import io.cybernetcall.testsupport.Keycloak;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The stack a browser suite of {@code web-ui/e2e} runs against: the packaged auth-service,
 * signaling-service, signal-store-service and this web-ui as processes, with the ICE settings the
 * suite needs. The page's origin is {@code http://localhost:<port>}: the session cookie is Secure,
 * which browsers honour over plain HTTP only for localhost.
 */
final class BrowserStack implements AutoCloseable {

  private final AuthServiceProcess auth = new AuthServiceProcess();
  private final Map<String, JavaServiceProcess> services = new LinkedHashMap<>();
  private final Path workDir;
  private final int webUiPort;
  private final String webUiUrl;
  private final String issuer;
  private final DevMailboxProcess mailbox;

  /**
   * The port of a stack that signs in through Keycloak: fixed, because the realm's client names its
   * redirect URIs ({@code deploy/keycloak/cybernet-realm.json}).
   */
  static final int SSO_WEB_UI_PORT = 18090;

  /**
   * Starts everything on Redis database {@code redisDb}, with databases {@code <db>_e2e}; {@code
   * ice} is signaling-service's {@code SIGNALING_ICE_*} environment.
   */
  BrowserStack(String redisDb, Map<String, String> ice) throws IOException {
    this(redisDb, ice, false);
  }

  /**
   * As above; {@code localOrigins} also accepts a developer machine's local names (127.0.0.1, a LAN
   * name), as {@code run.sh} and compose do.
   */
  BrowserStack(String redisDb, Map<String, String> ice, boolean localOrigins) throws IOException {
    this(redisDb, ice, localOrigins, null);
  }

  /**
   * As above, with single sign-on through {@code ssoRealm} (a {@link Keycloak} realm's issuer) in
   * auth-service and the gateway, whose port is then {@link #SSO_WEB_UI_PORT}.
   */
  BrowserStack(String redisDb, Map<String, String> ice, boolean localOrigins, String ssoRealm)
      throws IOException {
    workDir = Files.createTempDirectory("cybernet-e2e");
    webUiPort = ssoRealm == null ? JavaServiceProcess.freePort() : SSO_WEB_UI_PORT;
    webUiUrl = "http://localhost:" + webUiPort;
    String redis = "redis://127.0.0.1:6379/" + redisDb;
    Map<String, String> authSettings =
        new HashMap<>(Map.of("database", "cybernet_auth_e2e", "redis-db", redisDb));
    if (ssoRealm != null) authSettings.put("sso-issuer", ssoRealm);
    auth.init(authSettings);
    issuer = auth.start().get(AuthServiceProcess.ISSUER_PROPERTY);
    Map<String, String> signaling = new HashMap<>(ice);
    signaling.putAll(
        Map.of(
            "AUTH_SERVER_URL", issuer,
            "SIGNALING_AUTH_URL", issuer,
            "REDIS_URL", redis,
            "SIGNALING_ALLOWED_ORIGINS", webUiUrl,
            "SIGNALING_ALLOW_LOCAL_ORIGINS", String.valueOf(localOrigins),
            // The suites call between the same two people more often in a minute than anyone does
            // (the ring-spam limit, 6, is tested against real sockets in RoutingTest).
            "SIGNALING_LIMITS_OFFERS_PER_CALLEE_PER_MINUTE", "60"));
    start("signaling", JavaServiceProcess.freePort(), signaling);
    start(
        "signal.store",
        JavaServiceProcess.freePort(),
        Map.of(
            "AUTH_SERVER_URL", issuer,
            "REDIS_URL", redis,
            "DB_NAME", "cybernet_signal_store_e2e",
            "QUARKUS_FLYWAY_CLEAN_DISABLED", "false",
            "QUARKUS_FLYWAY_CLEAN_AT_START", "true"));
    // Email: notification-service sends to a development mailbox whose inbox the suites read.
    mailbox = DevMailboxProcess.start(workDir.resolve("dev-mailbox.log"));
    start(
        "notification",
        JavaServiceProcess.freePort(),
        Map.of(
            "AUTH_SERVER_URL",
            issuer,
            "REDIS_URL",
            redis,
            "DB_URL",
            "jdbc:postgresql://127.0.0.1:5432/cybernet_notification_e2e",
            "SMTP_HOST",
            "127.0.0.1",
            "SMTP_PORT",
            Integer.toString(mailbox.smtpPort()),
            "NOTIFICATION_APP_URL",
            webUiUrl,
            "QUARKUS_FLYWAY_CLEAN_DISABLED",
            "false",
            "QUARKUS_FLYWAY_CLEAN_AT_START",
            "true"));
    Map<String, String> webUi = new HashMap<>();
    if (ssoRealm != null) {
      webUi.putAll(
          Map.of(
              "WEB_UI_SSO_ENABLED",
              "true",
              "WEB_UI_SSO_ISSUER",
              ssoRealm,
              "WEB_UI_SSO_CLIENT_ID",
              Keycloak.settings().get("CYBERNET_SSO_CLIENT_ID"),
              "WEB_UI_SSO_CLIENT_SECRET",
              Keycloak.settings().get("CYBERNET_SSO_CLIENT_SECRET")));
      // Keycloak's back-channel logouts reach this stack's auth-service through its gateway.
      Keycloak.setBackChannelLogoutUrl(
          Keycloak.REALM,
          Keycloak.settings().get("CYBERNET_SSO_CLIENT_ID"),
          "http://localhost:" + SSO_WEB_UI_PORT + "/api/auth/provider-logout");
    }
    webUi.putAll(
        Map.of(
            "WEB_UI_AUTH_URL",
            issuer,
            "WEB_UI_SIGNALING_URL",
            services.get("signaling").baseUrl(),
            "WEB_UI_SIGNAL_STORE_URL",
            services.get("signal.store").baseUrl(),
            "WEB_UI_NOTIFICATION_URL",
            services.get("notification").baseUrl(),
            "WEB_UI_ALLOWED_ORIGINS",
            webUiUrl,
            "WEB_UI_ALLOW_LOCAL_ORIGINS",
            String.valueOf(localOrigins)));
    start("web.ui", webUiPort, webUi);
  }

  String webUiUrl() {
    return webUiUrl;
  }

  /** auth-service's own URL, its issuer. */
  String issuer() {
    return issuer;
  }

  /** A service's own URL: {@code signaling}, {@code signal.store}, {@code web.ui}. */
  String serviceUrl(String name) {
    return services.get(name).baseUrl();
  }

  int webUiPort() {
    return webUiPort;
  }

  Path workDir() {
    return workDir;
  }

  /**
   * Runs {@code node --test <file>} in web-ui/e2e with the stack's URL and {@code environment},
   * copies its TAP report into this JVM's output, and asserts that it passed.
   */
  void runSuite(String file, Map<String, String> environment, int timeoutMinutes)
      throws IOException, InterruptedException {
    Path e2e = Path.of(System.getProperty("e2e.dir"));
    assertThat(e2e.resolve("node_modules/playwright-core"))
        .as("npm packages of web-ui/e2e (scripts/ensure-infra.sh installs them)")
        .isDirectory();
    Path artifacts = Path.of(System.getProperty("e2e.artifacts"));
    Files.createDirectories(artifacts);
    Path report = artifacts.resolve(file.replace(".test.mjs", "") + "-output.txt");
    List<String> command = new ArrayList<>(List.of("node", "--test", "--test-concurrency=1"));
    // -De2e.only=<regex>: only the suite's tests of those names (and the ones they build on).
    String only = System.getProperty("e2e.only", "");
    if (!only.isBlank()) {
      command.add("--test-name-pattern=" + only);
    }
    command.add(file);
    ProcessBuilder node =
        new ProcessBuilder(command)
            .directory(e2e.toFile())
            .redirectErrorStream(true)
            .redirectOutput(report.toFile());
    node.environment().putAll(environment);
    node.environment()
        .putAll(
            Map.of(
                "E2E_BASE_URL", webUiUrl,
                "E2E_MAILBOX_URL", mailbox.inboxUrl(),
                "E2E_ARTIFACTS", artifacts.toString(),
                "CHROMIUM", System.getProperty("chromium", "/usr/bin/chromium")));
    Process suite = node.start();
    boolean finished = suite.waitFor(timeoutMinutes, TimeUnit.MINUTES);
    if (!finished) {
      suite.destroyForcibly();
    }
    // Surefire owns this JVM's stdout: the suite's TAP report is copied into it, not inherited.
    String output = Files.readString(report);
    System.out.println(output);
    // The failures themselves go into the assertion message too: a build log's summary (often all
    // that a CI run keeps) then says what went wrong, not only that something did.
    assertThat(finished)
        .as("%s finished within %d minutes; %s", file, timeoutMinutes, failuresIn(output))
        .isTrue();
    assertThat(suite.exitValue())
        .as("%s exit code; %s (service logs in %s)", file, failuresIn(output), workDir)
        .isZero();
  }

  private static final Pattern TAP_SUMMARY =
      Pattern.compile("# (Subtest|tests|suites|pass|fail|cancelled|skipped|todo|duration_ms)\\b.*");

  /**
   * The "not ok" entries of a node:test TAP report with their error text (each distinct error
   * once), and what the suite printed ("# …" lines that are not the runner's own).
   */
  static String failuresIn(String tap) {
    StringBuilder failures = new StringBuilder();
    Set<String> errors = new LinkedHashSet<>();
    StringBuilder error = null;
    for (String line : tap.split("\\R")) {
      String trimmed = line.strip();
      if (error != null) {
        if (line.startsWith("    ")) {
          error.append(trimmed).append('\n');
          continue;
        }
        errors.add(error.toString());
        error = null;
      }
      if (trimmed.startsWith("not ok")) {
        failures.append(trimmed).append('\n');
      } else if (trimmed.startsWith("error:")) {
        error = new StringBuilder(trimmed.replaceFirst("^error: *(\\|-)?", ""));
      } else if (line.startsWith("# ") && !TAP_SUMMARY.matcher(line).matches()) {
        failures.append(line).append('\n');
      }
    }
    if (failures.isEmpty() && errors.isEmpty()) {
      return "no failure in its report";
    }
    errors.forEach(text -> failures.append("error: ").append(text));
    String text = failures.toString();
    return "what failed:\n" + (text.length() > 6000 ? text.substring(0, 6000) + "…" : text);
  }

  private void start(String name, int port, Map<String, String> environment) {
    services.put(
        name,
        JavaServiceProcess.start(
            Path.of(System.getProperty(name + ".jar")),
            port,
            environment,
            workDir.resolve(name + ".log")));
  }

  @Override
  public void close() {
    services.values().forEach(JavaServiceProcess::close);
    if (mailbox != null) mailbox.close();
    auth.stop();
  }
}
