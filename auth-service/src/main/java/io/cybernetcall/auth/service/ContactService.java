package io.cybernetcall.auth.service;

import io.cybernetcall.auth.config.AuthConfig;
import io.cybernetcall.auth.model.Block;
import io.cybernetcall.auth.model.Contact;
import io.cybernetcall.auth.model.User;
import io.cybernetcall.auth.repository.BlockRepository;
import io.cybernetcall.auth.repository.ContactRepository;
import io.cybernetcall.auth.repository.UserRepository;
import io.cybernetcall.contracts.events.ContactAccepted;
import io.cybernetcall.contracts.events.ContactBlocked;
import io.cybernetcall.contracts.events.ContactRemoved;
import io.cybernetcall.contracts.events.ContactRequested;
import io.cybernetcall.contracts.events.EventTypes;
import io.cybernetcall.contracts.events.StreamNames;
import io.cybernetcall.platform.problem.CommonProblem;
import io.cybernetcall.platform.problem.Problem;
import io.cybernetcall.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The contact graph: who may call whom. Only mutual, unblocked contacts may signal each other, and
 * every change to that is published as an event so signaling can enforce it within a second.
 */
@ApplicationScoped
public class ContactService {

  static final String BLOCKED = "BLOCKED";
  static final String NONE = "NONE";

  private final UserRepository users;
  private final ContactRepository contacts;
  private final BlockRepository blocks;
  private final OutboxService outbox;
  private final RateLimiter rateLimiter;
  private final AuthConfig.Search search;
  private final Clock clock;

  public ContactService(
      UserRepository users,
      ContactRepository contacts,
      BlockRepository blocks,
      OutboxService outbox,
      RateLimiter rateLimiter,
      AuthConfig config,
      Clock clock) {
    this.users = users;
    this.contacts = contacts;
    this.blocks = blocks;
    this.outbox = outbox;
    this.rateLimiter = rateLimiter;
    this.search = config.search();
    this.clock = clock;
  }

  @Transactional
  public List<User> search(UUID searcherId, String prefix) {
    String normalized = prefix == null ? "" : AccountNames.normalizeUsername(prefix);
    if (normalized.length() < search.minPrefixLength() || normalized.length() > 32) {
      throw new ProblemException(
          CommonProblem.VALIDATION,
          "Search needs " + search.minPrefixLength() + " to 32 characters.",
          List.of(
              new Problem.FieldError(
                  "q", "must be " + search.minPrefixLength() + "-32 characters")));
    }
    rateLimiter.hitOrThrow(
        "search", searcherId.toString(), search.perMinute(), Duration.ofMinutes(1));
    return users.searchByUsernamePrefix(normalized, searcherId, search.maxResults());
  }

  /** Everyone the user has a relationship with, blocked users included, by username. */
  @Transactional
  public List<Relationship> list(UUID userId) {
    List<Contact> relations = contacts.listOf(userId);
    List<Block> blocked = blocks.blockedBy(userId);
    List<UUID> ids =
        Stream.concat(
                relations.stream().map(c -> c.contactId), blocked.stream().map(b -> b.blockedId))
            .toList();
    Map<UUID, User> byId =
        users.list("id in ?1", ids).stream()
            .collect(Collectors.toMap(u -> u.id, Function.identity()));
    return Stream.concat(
            relations.stream().map(c -> view(byId.get(c.contactId), c.state.name(), c.updatedAt)),
            blocked.stream().map(b -> view(byId.get(b.blockedId), BLOCKED, b.createdAt)))
        .sorted(Comparator.comparing(r -> r.other().username))
        .toList();
  }

  /** The caller's relationship with one user (NONE when there is none). */
  @Transactional
  public Relationship relation(UUID userId, UUID otherId) {
    User other = existingUser(otherId);
    if (blocks.isBlocked(userId, otherId)) {
      return view(other, BLOCKED, null);
    }
    return contacts
        .findRelation(userId, otherId)
        .map(c -> view(other, c.state.name(), c.updatedAt))
        .orElseGet(() -> view(other, NONE, null));
  }

  /**
   * Asks another user to become a contact. If they had already asked the caller, both become
   * contacts at once. A request to someone who blocked the caller looks sent but reaches nobody, so
   * a block is not revealed.
   */
  @Transactional
  public Relationship request(UUID requesterId, String username) {
    User requester = existingUser(requesterId);
    User recipient =
        users
            .findByUsername(AccountNames.normalizeUsername(username))
            .orElseThrow(
                () -> new ProblemException(CommonProblem.NOT_FOUND, "No user with that username."));
    if (recipient.id.equals(requesterId)) {
      throw new ProblemException(CommonProblem.VALIDATION, "You cannot add yourself as a contact.");
    }
    rateLimiter.hitOrThrow("contact-request", requesterId.toString(), 30, Duration.ofHours(1));
    if (blocks.isBlocked(requesterId, recipient.id)) {
      throw new ProblemException(
          AuthProblem.CONFLICT, "You blocked this user; unblock them first.");
    }
    Instant now = clock.instant();
    Optional<Contact> existing = contacts.findRelation(requesterId, recipient.id);
    if (existing.isPresent()) {
      Contact mine = existing.get();
      if (mine.state == Contact.State.INCOMING) {
        return accept(requesterId, recipient.id);
      }
      return view(recipient, mine.state.name(), mine.updatedAt);
    }
    Optional<Contact> theirs = contacts.findRelation(recipient.id, requesterId);
    if (theirs.isPresent()) {
      // They asked while the caller had them blocked, so the request never reached the caller.
      // Asking back now answers it.
      contacts.persist(relation(requesterId, recipient.id, Contact.State.INCOMING, now));
      return accept(requesterId, recipient.id);
    }
    contacts.persist(relation(requesterId, recipient.id, Contact.State.OUTGOING, now));
    if (!blocks.isBlocked(recipient.id, requesterId)) {
      contacts.persist(relation(recipient.id, requesterId, Contact.State.INCOMING, now));
      outbox.enqueue(
          StreamNames.CONTACT_EVENTS,
          EventTypes.CONTACT_REQUESTED,
          recipient.id,
          new ContactRequested(
              requesterId.toString(),
              requester.username,
              requester.displayName,
              recipient.id.toString(),
              recipient.email,
              recipient.displayName));
    }
    return view(recipient, Contact.State.OUTGOING.name(), now);
  }

  @Transactional
  public Relationship accept(UUID userId, UUID requesterId) {
    Contact mine = pendingIncoming(userId, requesterId);
    Contact theirs =
        contacts
            .findRelation(requesterId, userId)
            .orElseThrow(
                () -> new IllegalStateException("Incoming request without its outgoing half"));
    Instant now = clock.instant();
    mine.state = Contact.State.ACCEPTED;
    mine.updatedAt = now;
    theirs.state = Contact.State.ACCEPTED;
    theirs.updatedAt = now;
    outbox.enqueue(
        StreamNames.CONTACT_EVENTS,
        EventTypes.CONTACT_ACCEPTED,
        userId,
        new ContactAccepted(userId.toString(), requesterId.toString()));
    return view(existingUser(requesterId), Contact.State.ACCEPTED.name(), now);
  }

  @Transactional
  public void decline(UUID userId, UUID requesterId) {
    pendingIncoming(userId, requesterId);
    contacts.deletePair(userId, requesterId);
  }

  /** Ends an accepted contact, cancels an outgoing request or declines an incoming one. */
  @Transactional
  public void remove(UUID userId, UUID otherId) {
    Contact mine =
        contacts
            .findRelation(userId, otherId)
            .orElseThrow(() -> new ProblemException(CommonProblem.NOT_FOUND, "No such contact."));
    contacts.deletePair(userId, otherId);
    if (mine.state == Contact.State.ACCEPTED) {
      outbox.enqueue(
          StreamNames.CONTACT_EVENTS,
          EventTypes.CONTACT_REMOVED,
          userId,
          new ContactRemoved(userId.toString(), otherId.toString()));
    }
  }

  /** Blocks a user: ends any relationship and refuses everything from them. Idempotent. */
  @Transactional
  public Relationship block(UUID userId, UUID otherId) {
    User other = existingUser(otherId);
    if (userId.equals(otherId)) {
      throw new ProblemException(CommonProblem.VALIDATION, "You cannot block yourself.");
    }
    if (blocks.isBlocked(userId, otherId)) {
      return view(other, BLOCKED, null);
    }
    Instant now = clock.instant();
    contacts.deletePair(userId, otherId);
    Block block = new Block();
    block.blockerId = userId;
    block.blockedId = otherId;
    block.createdAt = now;
    blocks.persist(block);
    outbox.enqueue(
        StreamNames.CONTACT_EVENTS,
        EventTypes.CONTACT_BLOCKED,
        userId,
        new ContactBlocked(userId.toString(), otherId.toString()));
    return view(other, BLOCKED, now);
  }

  /** Lifts a block. The former contact is not restored: either side must ask again. */
  @Transactional
  public void unblock(UUID userId, UUID otherId) {
    if (blocks.unblock(userId, otherId) == 0) {
      throw new ProblemException(CommonProblem.NOT_FOUND, "That user is not blocked.");
    }
  }

  private Contact pendingIncoming(UUID userId, UUID requesterId) {
    return contacts
        .findRelation(userId, requesterId)
        .filter(c -> c.state == Contact.State.INCOMING)
        .orElseThrow(
            () ->
                new ProblemException(
                    CommonProblem.NOT_FOUND, "No pending request from that user."));
  }

  private User existingUser(UUID id) {
    User user = users.findById(id);
    if (user == null) {
      throw new ProblemException(CommonProblem.NOT_FOUND, "No such user.");
    }
    return user;
  }

  private static Contact relation(UUID userId, UUID contactId, Contact.State state, Instant now) {
    Contact contact = new Contact();
    contact.userId = userId;
    contact.contactId = contactId;
    contact.state = state;
    contact.createdAt = now;
    contact.updatedAt = now;
    return contact;
  }

  private static Relationship view(User user, String state, Instant since) {
    return new Relationship(user, state, since);
  }
}
