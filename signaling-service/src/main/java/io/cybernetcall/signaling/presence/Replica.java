package io.cybernetcall.signaling.presence;

import io.cybernetcall.signaling.config.SignalingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** This process's identity among the signaling replicas. */
@ApplicationScoped
public class Replica {

  private final String id;

  public Replica(SignalingConfig config) {
    this.id = config.replicaId().orElseGet(() -> UUID.randomUUID().toString());
  }

  public String id() {
    return id;
  }
}
