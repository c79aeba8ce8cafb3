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

/**
 * Asks the identity provider whether a refresh token is still active (OAuth 2.0 Token
 * Introspection, RFC 7662), as the confidential client it was issued to. The endpoint comes from
 * the provider's discovery document, read once. A provider that does not answer is an exception,
 * never an "inactive": an outage must not sign everyone out.
 */
public class ProviderIntrospection {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final ObjectMapper json;
  private final String issuer;
  private final String authorization;
  private volatile URI endpoint;

  public ProviderIntrospection(
      ObjectMapper json, String issuer, String clientId, String clientSecret) {
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
        HttpRequest.newBuilder(endpoint())
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

  private URI endpoint() throws IOException, InterruptedException {
    URI known = endpoint;
    if (known != null) return known;
    HttpResponse<String> discovery =
        http.send(
            HttpRequest.newBuilder(URI.create(issuer + "/.well-known/openid-configuration"))
                .timeout(TIMEOUT)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode document = json.readTree(discovery.body());
    String url = document.path("introspection_endpoint").asText("");
    if (discovery.statusCode() != 200 || url.isEmpty()) {
      throw new IOException("the provider advertises no introspection endpoint");
    }
    endpoint = URI.create(url);
    return endpoint;
  }

  private static String form(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
