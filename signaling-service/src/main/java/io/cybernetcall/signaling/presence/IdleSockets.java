package io.cybernetcall.signaling.presence;

import io.cybernetcall.signaling.config.SignalingConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Closes sockets whose peer vanished without closing (no frames, no pongs). */
@ApplicationScoped
public class IdleSockets {

  private static final Logger LOG = Logger.getLogger(IdleSockets.class);

  private final LocalSessions local;
  private final SignalingConfig config;

  public IdleSockets(LocalSessions local, SignalingConfig config) {
    this.local = local;
    this.config = config;
  }

  @Scheduled(identity = "idle-sockets", every = "${signaling.idle-check-interval}")
  void closeIdle() {
    int closed = local.closeSilentFor(config.idleTimeout());
    if (closed > 0) {
      LOG.debugf("Closed %d idle sockets", closed);
    }
  }
}
