package io.cybernetcall.auth.service;

/**
 * Where a person who signed out here is sent to sign out at the provider too (OpenID Connect
 * RP-Initiated Logout): its end-session endpoint, and the ID token of their sign-in as {@code
 * id_token_hint}. The gateway adds its {@code client_id} and the {@code post_logout_redirect_uri}.
 */
public record ProviderLogout(String endSessionEndpoint, String idTokenHint) {}
