package io.cybernetcall.auth.repository;

import io.cybernetcall.auth.model.Block;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class BlockRepository implements PanacheRepositoryBase<Block, Block.Key> {

  public boolean isBlocked(UUID blockerId, UUID blockedId) {
    return count("blockerId = ?1 and blockedId = ?2", blockerId, blockedId) > 0;
  }

  public List<Block> blockedBy(UUID blockerId) {
    return list("blockerId", blockerId);
  }

  public long unblock(UUID blockerId, UUID blockedId) {
    return delete("blockerId = ?1 and blockedId = ?2", blockerId, blockedId);
  }
}
