package io.cybernetcall.auth.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * What auth-service asks of the identity provider, as the confidential client its tokens were
 * issued to: whether a refresh token is still active (OAuth 2.0 Token Introspection, RFC 7662), and
 * where a person is sent to sign out there (its {@code end_session_endpoint}, OpenID Connect
 * RP-Initiated Logout). Both come from the provider's discovery document, read once it answers. A
 * provider that does not answer is an exception, never an "inactive": an outage must not sign
 * everyone out.
 */
public class ProviderClient {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final ObjectMapper json;
  private final String issuer;
  private final String authorization;
  private volatile JsonNode discovery;

  public ProviderClient(ObjectMapper json, String issuer, String clientId, String clientSecret) {
    this.json = json;
    this.issuer = issuer.replaceAll("/+$", "");
    // RFC 6749 2.3.1: both parts form-encoded before Basic.
    String credentials = form(clientId) + ":" + form(clientSecret);
    this.authorization =
        "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }

  /** True while the provider says the token is active. */
  public boolean active(String refreshToken) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint("introspection_endpoint"))
            .timeout(TIMEOUT)
            .header("Authorization", authorization)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "token=" + form(refreshToken) + "&token_type_hint=refresh_token"))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("introspection answered " + response.statusCode());
    }
    return json.readTree(response.body()).path("active").asBoolean(false);
  }

  /**
   * The provider's end-session endpoint, when it has one (Keycloak does; some providers do not).
   */
  public Optional<URI> endSessionEndpoint() throws IOException, InterruptedException {
    String url = discovery().path("end_session_endpoint").asText("");
    return url.isEmpty() ? Optional.empty() : Optional.of(URI.create(url));
  }

  private URI endpoint(String name) throws IOException, InterruptedException {
    String url = discovery().path(name).asText("");
    if (url.isEmpty()) {
      throw new IOException("the provider advertises no " + name);
    }
    return URI.create(url);
  }

  private JsonNode discovery() throws IOException, InterruptedException {
    JsonNode known = discovery;
    if (known != null) return known;
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(issuer + "/.well-known/openid-configuration"))
                .timeout(TIMEOUT)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("the provider's discovery document answered " + response.statusCode());
    }
    discovery = json.readTree(response.body());
    return discovery;
  }

  private static String form(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
