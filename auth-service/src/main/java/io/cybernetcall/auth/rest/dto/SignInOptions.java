package io.cybernetcall.auth.rest.dto;

import com.fasterxml.jackson.annotation.JsonInclude;

/** How people sign in here: {@code password} sign-in, and the identity {@code provider} if any. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SignInOptions(boolean password, Provider provider) {

  /** The configured identity provider, as the sign-in screen names it. */
  public record Provider(String name) {}
}
