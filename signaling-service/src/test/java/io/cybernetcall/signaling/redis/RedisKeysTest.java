package io.cybernetcall.signaling.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.cybernetcall.platform.events.EventStreamsConfig;
import io.cybernetcall.platform.redis.HashSlots;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RedisKeysTest {

  private final RedisKeys keys = new RedisKeys(twelveShards());

  @Test
  void aRecipientsRoutingKeysAreTheUsersKeysAndShareOneSlot() {
    for (int i = 0; i < 100; i++) {
      String user = UUID.randomUUID().toString();
      RedisKeys.Recipient recipient = keys.recipient(user);

      assertThat(recipient)
          .isEqualTo(
              new RedisKeys.Recipient(
                  keys.sequence(user),
                  keys.inbox(user),
                  keys.signalStream(user),
                  keys.sessions(user),
                  keys.openCalls(user),
                  keys.lastDurable(user)));
      int slot = HashSlots.slot(recipient.signalStream());
      assertThat(
              List.of(
                  recipient.sequence(),
                  recipient.inbox(),
                  recipient.sessions(),
                  recipient.openCalls(),
                  recipient.lastDurable(),
                  keys.contacts(user),
                  keys.revokedContacts(user)))
          .allSatisfy(key -> assertThat(HashSlots.slot(key)).isEqualTo(slot));
    }
  }

  private static EventStreamsConfig twelveShards() {
    return new EventStreamsConfig() {
      @Override
      public long streamMaxLength() {
        return 1000;
      }

      @Override
      public long deadLetterMaxLength() {
        return 1000;
      }

      @Override
      public int signalShards() {
        return 12;
      }

      @Override
      public Consumer consumer() {
        throw new UnsupportedOperationException("not read by RedisKeys");
      }
    };
  }
}
