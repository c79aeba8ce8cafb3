package io.cybernetcall.contracts.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Whether an external identity provider answers (its discovery document), for the readiness of the
 * services that use it. Reported as data, never as a reason to be unready: while the provider is
 * down, sign-in through it fails with a clear message, and everyone already signed in goes on.
 */
public final class IdentityProviderProbe {

  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final String issuer;

  public IdentityProviderProbe(String issuer) {
    this.issuer = issuer.replaceAll("/+$", "");
  }

  /** The readiness data: the provider, whether it answered, and what that means here. */
  public CompletableFuture<Map<String, Object>> report() {
    return http.sendAsync(
            HttpRequest.newBuilder(URI.create(issuer + "/.well-known/openid-configuration"))
                .timeout(TIMEOUT)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .thenApply(response -> response.statusCode() == 200)
        .exceptionally(failure -> false)
        .thenApply(
            reachable -> {
              Map<String, Object> data = new LinkedHashMap<>();
              data.put("issuer", issuer);
              data.put("reachable", reachable);
              data.put(
                  "note",
                  reachable
                      ? "ok"
                      : "unreachable: sign-in through it fails until it answers; signed-in people"
                          + " go on");
              return data;
            });
  }
}
