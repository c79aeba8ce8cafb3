package io.cybernetcall.signaling.presence;

import io.smallrye.mutiny.Uni;

/**
 * What becomes of a socket whose replica died without closing it: unregistered, and its user
 * announced offline if it was their last. Implemented where presence is announced
 * (SignalingService), so presence itself depends on nothing above it.
 */
public interface OrphanedSockets {

  Uni<Void> reap(String userId, String sessionId, String deadReplicaId);
}
