package io.cybernetcall.auth.repository;

import io.cybernetcall.auth.model.Contact;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class ContactRepository implements PanacheRepositoryBase<Contact, Contact.Key> {

  public Optional<Contact> findRelation(UUID userId, UUID contactId) {
    return find("userId = ?1 and contactId = ?2", userId, contactId)
        .withLock(LockModeType.PESSIMISTIC_WRITE)
        .firstResultOptional();
  }

  /** Whether the two are accepted contacts (read only: no lock). */
  public boolean isAccepted(UUID userId, UUID contactId) {
    return count(
            "userId = ?1 and contactId = ?2 and state = ?3",
            userId,
            contactId,
            Contact.State.ACCEPTED)
        > 0;
  }

  public List<Contact> listOf(UUID userId) {
    return list("userId", userId);
  }

  /** Removes the relationship in both directions; returns the rows deleted. */
  public long deletePair(UUID a, UUID b) {
    return delete("(userId = ?1 and contactId = ?2) or (userId = ?2 and contactId = ?1)", a, b);
  }
}
