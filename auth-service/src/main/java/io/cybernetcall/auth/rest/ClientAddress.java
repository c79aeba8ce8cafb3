package io.cybernetcall.auth.rest;

import io.vertx.core.http.HttpServerRequest;

/**
 * The address a request came from. {@code X-Forwarded-For} is honoured only when Quarkus is told to
 * trust the proxy ({@code quarkus.http.proxy.*}); a client cannot choose its own address.
 */
final class ClientAddress {

  private ClientAddress() {}

  static String of(HttpServerRequest request) {
    return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
  }
}
