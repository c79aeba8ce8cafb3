package io.cybernetcall.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The few Cybernet Call HTTP calls a benchmark needs to set itself up: accounts and contacts. */
final class BenchApi {

  private static final String PASSWORD = "benchmark passphrase " + UUID.randomUUID();

  private final HttpClient http;

  BenchApi(HttpClient http) {
    this.http = http;
  }

  /** Registers and logs in a user; returns {id, token, username}. */
  String[] account(String auth) throws Exception {
    String username = "b" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    http(
        auth,
        "POST",
        "/api/auth/register",
        null,
        "{\"username\":\"%s\",\"email\":\"%s@bench.test\",\"displayName\":\"%s\",\"password\":\"%s\"}"
            .formatted(username, username, username, PASSWORD));
    String body =
        http(
            auth,
            "POST",
            "/api/auth/login",
            null,
            "{\"username\":\"%s\",\"password\":\"%s\"}".formatted(username, PASSWORD));
    return new String[] {
      field(body, "\"user\":\\{\"id\":\"([^\"]+)\""),
      field(body, "\"accessToken\":\"([^\"]+)\""),
      username
    };
  }

  /** Makes two accounts (from {@link #account}) mutual contacts. */
  void connect(String auth, String[] a, String[] b) throws Exception {
    http(auth, "POST", "/api/contacts/requests", a[1], "{\"username\":\"" + b[2] + "\"}");
    http(auth, "POST", "/api/contacts/" + a[0] + "/accept", b[1], null);
  }

  String http(String base, String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(
          method + " " + path + ": " + response.statusCode() + " " + response.body());
    }
    return response.body();
  }

  static String field(String json, String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(json);
    if (!matcher.find()) {
      throw new IllegalStateException("no " + regex + " in " + json);
    }
    return matcher.group(1);
  }
}
