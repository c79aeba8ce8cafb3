package io.cybernetcall.auth.rest;

import io.cybernetcall.auth.config.AuthConfig;
import io.cybernetcall.auth.mapping.UserMapper;
import io.cybernetcall.auth.rest.dto.LoginRequest;
import io.cybernetcall.auth.rest.dto.LogoutResponse;
import io.cybernetcall.auth.rest.dto.PasswordResetConfirmation;
import io.cybernetcall.auth.rest.dto.PasswordResetRequest;
import io.cybernetcall.auth.rest.dto.RefreshRequest;
import io.cybernetcall.auth.rest.dto.RegisterRequest;
import io.cybernetcall.auth.rest.dto.SignInOptions;
import io.cybernetcall.auth.rest.dto.TokenRequest;
import io.cybernetcall.auth.rest.dto.TokenResponse;
import io.cybernetcall.auth.rest.dto.UserView;
import io.cybernetcall.auth.service.AuthProblem;
import io.cybernetcall.auth.service.NewAccount;
import io.cybernetcall.auth.service.ProviderLogout;
import io.cybernetcall.auth.service.ProviderSessions;
import io.cybernetcall.auth.service.SessionService;
import io.cybernetcall.auth.service.UserService;
import io.cybernetcall.platform.problem.ProblemException;
import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Accounts and sessions. Every error is RFC 9457 problem+json. */
@Path("/api/auth")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "auth")
public class AuthResource {

  private final UserService userService;
  private final SessionService sessionService;
  private final CurrentUser currentUser;
  private final ProviderSessions providerSessions;
  private final boolean passwordSignIn;
  private final SignInOptions signInOptions;

  public AuthResource(
      UserService userService,
      SessionService sessionService,
      CurrentUser currentUser,
      ProviderSessions providerSessions,
      AuthConfig config) {
    this.userService = userService;
    this.providerSessions = providerSessions;
    this.sessionService = sessionService;
    this.currentUser = currentUser;
    this.passwordSignIn = !config.sso().only();
    this.signInOptions =
        new SignInOptions(
            passwordSignIn,
            config.sso().enabled()
                ? new SignInOptions.Provider(config.sso().providerName())
                : null);
  }

  /**
   * How people sign in here, for the sign-in screen: with a password, through the identity provider
   * (named for its button), or both.
   */
  @GET
  @Path("/sign-in-options")
  public SignInOptions signInOptions() {
    return signInOptions;
  }

  /** An SSO-only installation (auth.sso.only) takes no passwords at all. */
  private void requirePasswordSignIn() {
    if (!passwordSignIn) {
      throw new ProblemException(
          AuthProblem.PASSWORD_SIGN_IN_DISABLED,
          "This installation signs people in through its identity provider only.");
    }
  }

  @POST
  @Path("/register")
  public Response register(@NotNull(message = "body is required") @Valid RegisterRequest request) {
    requirePasswordSignIn();
    UserView user =
        UserMapper.toView(
            userService.register(
                new NewAccount(
                    request.username(),
                    request.email(),
                    request.displayName(),
                    request.password())));
    return Response.created(URI.create("/api/auth/me")).entity(user).build();
  }

  @POST
  @Path("/login")
  public TokenResponse login(
      @NotNull(message = "body is required") @Valid LoginRequest request,
      @Context HttpServerRequest http) {
    requirePasswordSignIn();
    return UserMapper.toTokenResponse(
        sessionService.login(request.username(), request.password(), ClientAddress.of(http)));
  }

  @POST
  @Path("/refresh")
  public TokenResponse refresh(
      @NotNull(message = "body is required") @Valid RefreshRequest request) {
    return UserMapper.toTokenResponse(sessionService.refresh(request.refreshToken()));
  }

  /**
   * Ends the session. A session started at the identity provider answers 200 with what the browser
   * takes there to end the provider's session too ({@code providerLogout}); any other, 204.
   */
  @POST
  @Path("/logout")
  public Response logout(@NotNull(message = "body is required") @Valid RefreshRequest request) {
    // Read before the session ends: an ended session's provider record is swept away.
    Optional<ProviderLogout> atProvider =
        sessionService
            .sessionOf(request.refreshToken())
            .flatMap(providerSessions::logoutAtProvider);
    sessionService.logout(request.refreshToken());
    return atProvider
        .map(logout -> Response.ok(new LogoutResponse(logout)).build())
        .orElseGet(() -> Response.noContent().build());
  }

  @GET
  @Path("/me")
  @Authenticated
  public UserView me() {
    return UserMapper.toView(userService.me(currentUser.id()));
  }

  @POST
  @Path("/verify-email")
  public Response verifyEmail(@NotNull(message = "body is required") @Valid TokenRequest request) {
    userService.verifyEmail(request.token());
    return Response.noContent().build();
  }

  @POST
  @Path("/verify-email/resend")
  @Consumes(MediaType.WILDCARD)
  @Authenticated
  public Response resendVerification() {
    userService.resendVerification(currentUser.id());
    return Response.accepted().build();
  }

  @POST
  @Path("/password-reset")
  public Response requestPasswordReset(
      @NotNull(message = "body is required") @Valid PasswordResetRequest request) {
    userService.requestPasswordReset(request.email());
    // Same answer whether or not the address has an account.
    return Response.accepted().build();
  }

  @POST
  @Path("/password-reset/confirm")
  public Response confirmPasswordReset(
      @NotNull(message = "body is required") @Valid PasswordResetConfirmation request) {
    userService.confirmPasswordReset(request.token(), request.newPassword());
    return Response.noContent().build();
  }
}
