package io.cybernetcall.notification;

import io.agroal.api.AgroalDataSource;
import io.cybernetcall.contracts.events.StreamNames;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * "Nothing more will happen" without sleeping on it: every event of the notification group has been
 * read and acknowledged (no lag, nothing pending) and no email to the address is waiting to be
 * sent. Once that holds, whatever was mailed is all that will be mailed.
 */
final class Settled {

  private static final List<String> STREAMS =
      List.of(StreamNames.USER_EVENTS, StreamNames.CONTACT_EVENTS, StreamNames.CALL_EVENTS);

  private final RedisDataSource redis;
  private final AgroalDataSource database;

  Settled(RedisDataSource redis, AgroalDataSource database) {
    this.redis = redis;
    this.database = database;
  }

  void await(String address) {
    await(address, Duration.ofSeconds(30));
  }

  void await(String address, Duration atMost) {
    org.awaitility.Awaitility.await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> eventsConsumed() && waitingFor(address) == 0);
  }

  private boolean eventsConsumed() {
    for (String stream : STREAMS) {
      for (Response group : redis.execute("XINFO", "GROUPS", stream)) {
        Map<String, String> info = fields(group);
        if ("notification".equals(info.get("name"))
            && (!"0".equals(info.get("pending")) || !"0".equals(info.get("lag")))) {
          return false;
        }
      }
    }
    return true;
  }

  private long waitingFor(String address) throws SQLException {
    try (Connection connection = database.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "select count(*) from delivery where email = ? and status = 'pending'")) {
      query.setString(1, address);
      try (ResultSet result = query.executeQuery()) {
        result.next();
        return result.getLong(1);
      }
    }
  }

  /** XINFO's reply is a map (RESP3) or a flat field, value list (RESP2). */
  private static Map<String, String> fields(Response reply) {
    Map<String, String> fields = new HashMap<>();
    try {
      for (String key : reply.getKeys()) {
        fields.put(key, String.valueOf(reply.get(key)));
      }
    } catch (RuntimeException notAMap) {
      for (int i = 0; i + 1 < reply.size(); i += 2) {
        fields.put(reply.get(i).toString(), String.valueOf(reply.get(i + 1)));
      }
    }
    return fields;
  }
}
