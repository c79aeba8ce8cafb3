package io.cybernetcall.signalstore.repository;

import io.cybernetcall.signalstore.model.InboxCursor;
import io.cybernetcall.signalstore.model.StoredSignal;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Stored signals. Reads and acknowledgements go through Hibernate Reactive Panache (callers open
 * the session); the consumer's batch insert and the cleanup's bounded deletes are single SQL
 * statements on the reactive PostgreSQL client, because they need {@code unnest}, {@code ON
 * CONFLICT} and {@code SKIP LOCKED}.
 */
@ApplicationScoped
public class SignalRepository implements PanacheRepositoryBase<StoredSignal, UUID> {

  // Idempotent: a redelivered event hits the primary key (signal id) and inserts nothing. A signal
  // at or below the recipient's acknowledged sequence is stored as already acknowledged.
  private static final String INSERT_BATCH =
      """
      insert into stored_signal
          (signal_id, recipient_id, seq, sender_id, frame, acked_at, keep_until, prev_seq)
      select s.signal_id, s.recipient_id, s.seq, s.sender_id, s.frame,
             case when s.seq <= c.acked_seq then now() end, s.keep_until, s.prev_seq
      from unnest($1::uuid[], $2::uuid[], $3::bigint[], $4::uuid[], $5::text[], $6::timestamptz[],
                  $7::bigint[])
           as s(signal_id, recipient_id, seq, sender_id, frame, keep_until, prev_seq)
      left join inbox_cursor c on c.recipient_id = s.recipient_id
      on conflict do nothing
      returning signal_id
      """;

  private static final String EXISTING =
      "select signal_id from stored_signal where signal_id = any($1)";

  private static final String DELETE_ACKED =
      """
      delete from stored_signal where signal_id in (
        select signal_id from stored_signal where acked_at < $1 and keep_until is null
        limit $2 for update skip locked)
      """;

  private static final String DELETE_UNACKED =
      """
      delete from stored_signal where signal_id in (
        select signal_id from stored_signal
        where acked_at is null and stored_at < $1 and keep_until is null
        limit $2 for update skip locked)
      """;

  private static final String DELETE_EXPIRED_KEPT =
      """
      delete from stored_signal where signal_id in (
        select signal_id from stored_signal where keep_until < $1
        limit $2 for update skip locked)
      """;

  private static final String ADVANCE_CURSOR =
      """
      insert into inbox_cursor (recipient_id, acked_seq, updated_at) values (?1, ?2, now())
      on conflict (recipient_id) do update
        set acked_seq = greatest(inbox_cursor.acked_seq, excluded.acked_seq), updated_at = now()
      """;

  private final Pool pool;

  public SignalRepository(Pool pool) {
    this.pool = pool;
  }

  /** A recipient's signals after {@code after}, in sequence order. Needs a session. */
  public Uni<List<StoredSignal>> after(UUID recipientId, long after, int limit) {
    return find("recipientId = ?1 and seq > ?2", Sort.by("seq"), recipientId, after)
        .page(Page.ofSize(limit))
        .list();
  }

  /** The recipient's acknowledged sequence number, 0 if none. Needs a session. */
  public Uni<Long> ackedSeq(UUID recipientId) {
    return getSession()
        .flatMap(session -> session.find(InboxCursor.class, recipientId))
        .map(cursor -> cursor == null ? 0L : cursor.ackedSeq);
  }

  /**
   * Moves the recipient's cursor up to {@code seq} (never down) and marks the signals up to it
   * acknowledged; returns the cursor. Needs a transaction.
   */
  public Uni<Long> acknowledge(UUID recipientId, long seq) {
    return getSession()
        .flatMap(
            session ->
                session
                    .createNativeQuery(ADVANCE_CURSOR)
                    .setParameter(1, recipientId)
                    .setParameter(2, seq)
                    .executeUpdate())
        .flatMap(
            ignored ->
                update(
                    "ackedAt = ?1 where recipientId = ?2 and seq <= ?3 and ackedAt is null",
                    OffsetDateTime.now(),
                    recipientId,
                    seq))
        .flatMap(ignored -> ackedSeq(recipientId));
  }

  /**
   * Stores a batch in one statement. Returns what happened to each signal: inserted, already there
   * (a redelivery), or refused because another signal holds its recipient's sequence number.
   */
  public Uni<InsertOutcome> insertAll(List<NewSignal> batch) {
    int size = batch.size();
    UUID[] ids = new UUID[size];
    UUID[] recipients = new UUID[size];
    Long[] seqs = new Long[size];
    UUID[] senders = new UUID[size];
    String[] frames = new String[size];
    OffsetDateTime[] keepUntil = new OffsetDateTime[size];
    Long[] prevSeqs = new Long[size];
    for (int i = 0; i < size; i++) {
      NewSignal signal = batch.get(i);
      ids[i] = signal.signalId();
      recipients[i] = signal.recipientId();
      seqs[i] = signal.seq();
      senders[i] = signal.senderId();
      frames[i] = signal.frame();
      keepUntil[i] = signal.keepUntil();
      prevSeqs[i] = signal.prevSeq();
    }
    Tuple arguments =
        Tuple.tuple()
            .addArrayOfUUID(ids)
            .addArrayOfUUID(recipients)
            .addArrayOfLong(seqs)
            .addArrayOfUUID(senders)
            .addArrayOfString(frames)
            .addArrayOfOffsetDateTime(keepUntil)
            .addArrayOfLong(prevSeqs);
    return pool.preparedQuery(INSERT_BATCH)
        .execute(arguments)
        .flatMap(
            rows -> {
              Set<UUID> inserted = signalIds(rows);
              if (inserted.size() == size) {
                return Uni.createFrom().item(new InsertOutcome(inserted, Set.of()));
              }
              return pool.preparedQuery(EXISTING)
                  .execute(Tuple.of(ids))
                  .map(
                      existing -> {
                        Set<UUID> present = signalIds(existing);
                        Set<UUID> conflicting = new HashSet<>();
                        for (UUID id : ids) {
                          if (!present.contains(id)) {
                            conflicting.add(id);
                          }
                        }
                        return new InsertOutcome(inserted, conflicting);
                      });
            });
  }

  /** Deletes up to {@code limit} signals acknowledged before {@code cutoff}. */
  public Uni<Integer> deleteAckedBefore(OffsetDateTime cutoff, int limit) {
    return pool.preparedQuery(DELETE_ACKED).execute(Tuple.of(cutoff, limit)).map(r -> r.rowCount());
  }

  /** Deletes up to {@code limit} unacknowledged signals stored before {@code cutoff}. */
  public Uni<Integer> deleteUnackedBefore(OffsetDateTime cutoff, int limit) {
    return pool.preparedQuery(DELETE_UNACKED)
        .execute(Tuple.of(cutoff, limit))
        .map(r -> r.rowCount());
  }

  /**
   * Deletes up to {@code limit} kept signals (relayed messages) whose time ran out by {@code now}.
   */
  public Uni<Integer> deleteKeptUntil(OffsetDateTime now, int limit) {
    return pool.preparedQuery(DELETE_EXPIRED_KEPT)
        .execute(Tuple.of(now, limit))
        .map(r -> r.rowCount());
  }

  private static Set<UUID> signalIds(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
    Set<UUID> ids = new HashSet<>();
    rows.forEach(row -> ids.add(row.getUUID(0)));
    return ids;
  }

  /**
   * Result of a batch insert: signals newly stored, and signals refused because their recipient's
   * sequence number is taken by a different signal (the sequence counter was reset).
   */
  public record InsertOutcome(Set<UUID> inserted, Set<UUID> sequenceConflicts) {}
}
