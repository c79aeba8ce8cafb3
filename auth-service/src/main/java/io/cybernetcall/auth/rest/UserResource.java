package io.cybernetcall.auth.rest;

import io.cybernetcall.auth.mapping.UserMapper;
import io.cybernetcall.auth.rest.dto.UserSummary;
import io.cybernetcall.auth.service.ContactService;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Finding people to add. */
@Path("/api/users")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "users")
public class UserResource {

  private final ContactService contactService;
  private final CurrentUser currentUser;

  public UserResource(ContactService contactService, CurrentUser currentUser) {
    this.contactService = contactService;
    this.currentUser = currentUser;
  }

  /** Users whose username starts with {@code q}; rate-limited, with a minimum prefix length. */
  @GET
  @Path("/search")
  public List<UserSummary> search(@QueryParam("q") String prefix) {
    return contactService.search(currentUser.id(), prefix).stream()
        .map(UserMapper::toSummary)
        .toList();
  }
}
