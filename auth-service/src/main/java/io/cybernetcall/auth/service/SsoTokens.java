package io.cybernetcall.auth.service;

/**
 * What the browser's sign-in at the provider yielded besides the access token that proved it: the
 * refresh token (to ask the provider later whether the session there lives), the ID token (the hint
 * of an RP-initiated logout) and the provider's session id (the {@code sid} its back-channel
 * logouts name). Any may be null.
 */
public record SsoTokens(String refreshToken, String idToken, String providerSessionId) {

  public static final SsoTokens NONE = new SsoTokens(null, null, null);
}
