package io.cybernetcall.auth.rest;

import io.cybernetcall.auth.mapping.UserMapper;
import io.cybernetcall.auth.rest.dto.ContactRequestBody;
import io.cybernetcall.auth.rest.dto.ContactView;
import io.cybernetcall.auth.service.ContactService;
import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's contacts. The caller is always the token's subject, never a request field. */
@Path("/api/contacts")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "contacts")
public class ContactResource {

  private final ContactService contactService;
  private final CurrentUser currentUser;

  public ContactResource(ContactService contactService, CurrentUser currentUser) {
    this.contactService = contactService;
    this.currentUser = currentUser;
  }

  @GET
  public List<ContactView> list() {
    return contactService.list(currentUser.id()).stream().map(UserMapper::toContactView).toList();
  }

  @GET
  @Path("/{userId}")
  public ContactView relation(@PathParam("userId") UUID userId) {
    return UserMapper.toContactView(contactService.relation(currentUser.id(), userId));
  }

  @POST
  @Path("/requests")
  @Consumes(MediaType.APPLICATION_JSON)
  public ContactView request(
      @NotNull(message = "body is required") @Valid ContactRequestBody body) {
    return UserMapper.toContactView(contactService.request(currentUser.id(), body.username()));
  }

  @POST
  @Path("/{userId}/accept")
  public ContactView accept(@PathParam("userId") UUID userId) {
    return UserMapper.toContactView(contactService.accept(currentUser.id(), userId));
  }

  @POST
  @Path("/{userId}/decline")
  public Response decline(@PathParam("userId") UUID userId) {
    contactService.decline(currentUser.id(), userId);
    return Response.noContent().build();
  }

  @DELETE
  @Path("/{userId}")
  public Response remove(@PathParam("userId") UUID userId) {
    contactService.remove(currentUser.id(), userId);
    return Response.noContent().build();
  }

  @PUT
  @Path("/{userId}/block")
  public ContactView block(@PathParam("userId") UUID userId) {
    return UserMapper.toContactView(contactService.block(currentUser.id(), userId));
  }

  @DELETE
  @Path("/{userId}/block")
  public Response unblock(@PathParam("userId") UUID userId) {
    contactService.unblock(currentUser.id(), userId);
    return Response.noContent().build();
  }
}
