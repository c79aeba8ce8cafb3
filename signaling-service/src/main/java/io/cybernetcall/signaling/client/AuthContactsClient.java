package io.cybernetcall.signaling.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * auth-service, the source of truth for who may signal whom. Called with the user's own token, so
 * signaling-service holds no credentials of its own.
 */
@RegisterRestClient(configKey = "auth")
@Path("/api/contacts")
public interface AuthContactsClient {

  @GET
  Uni<List<ContactEntry>> contacts(@HeaderParam("Authorization") String bearer);
}
