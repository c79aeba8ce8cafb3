package io.cybernetcall.auth.rest.dto;

import io.cybernetcall.auth.service.ProviderLogout;

/** The answer to signing out of a single sign-on session: where to sign out at the provider. */
public record LogoutResponse(ProviderLogout providerLogout) {}
