package io.cybernetcall.auth.rest;

import io.cybernetcall.auth.mapping.DeviceKeyMapper;
import io.cybernetcall.auth.rest.dto.DeviceKeyRequest;
import io.cybernetcall.auth.rest.dto.DeviceKeyView;
import io.cybernetcall.auth.rest.dto.UserKeysView;
import io.cybernetcall.auth.service.KeyDirectory;
import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The key directory: the caller registers and removes their own devices' public keys, and reads
 * their own and their contacts' (docs/auth-api.md, "Key directory").
 */
@Path("/api/keys")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "keys")
public class KeyResource {

  private final KeyDirectory directory;
  private final CurrentUser currentUser;

  public KeyResource(KeyDirectory directory, CurrentUser currentUser) {
    this.directory = directory;
    this.currentUser = currentUser;
  }

  /** 201 when the device is new, 200 when it was registered with these keys already. */
  @PUT
  @Path("/devices/{deviceId}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response register(
      @PathParam("deviceId") UUID deviceId,
      @NotNull(message = "body is required") @Valid DeviceKeyRequest body) {
    KeyDirectory.Registration registration =
        directory.register(currentUser.id(), deviceId, body.signingKey(), body.agreementKey());
    DeviceKeyView view = DeviceKeyMapper.toView(registration.device());
    return Response.status(registration.added() ? 201 : 200).entity(view).build();
  }

  @DELETE
  @Path("/devices/{deviceId}")
  public Response remove(@PathParam("deviceId") UUID deviceId) {
    directory.remove(currentUser.id(), deviceId);
    return Response.noContent().build();
  }

  @GET
  @Path("/users/{userId}")
  public UserKeysView devicesOf(@PathParam("userId") UUID userId) {
    return DeviceKeyMapper.toView(userId, directory.devicesOf(currentUser.id(), userId));
  }
}
