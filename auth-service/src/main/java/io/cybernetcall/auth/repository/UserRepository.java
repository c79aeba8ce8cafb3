package io.cybernetcall.auth.repository;

import io.cybernetcall.auth.model.User;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<User, UUID> {

  public Optional<User> findByUsername(String normalizedUsername) {
    return find("username", normalizedUsername).firstResultOptional();
  }

  public Optional<User> findByEmail(String normalizedEmail) {
    return find("email", normalizedEmail).firstResultOptional();
  }

  public boolean usernameExists(String normalizedUsername) {
    return count("username", normalizedUsername) > 0;
  }

  public boolean emailExists(String normalizedEmail) {
    return count("email", normalizedEmail) > 0;
  }

  /**
   * Users whose username starts with {@code prefix}, except the searcher and anyone who blocked the
   * searcher (a block also hides you from the blocked person's search).
   */
  public List<User> searchByUsernamePrefix(String prefix, UUID searcherId, int limit) {
    String pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    return find(
            "username like ?1 escape '\\' and id <> ?2 and id not in "
                + "(select b.blockerId from Block b where b.blockedId = ?2)",
            Sort.by("username"),
            pattern,
            searcherId)
        .page(0, limit)
        .list();
  }
}
