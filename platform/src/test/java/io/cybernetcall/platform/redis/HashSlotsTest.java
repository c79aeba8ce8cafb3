package io.cybernetcall.platform.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HashSlotsTest {

  // Expected slots are what `redis-cli -p 7100 CLUSTER KEYSLOT <key>` answered on the cluster of
  // scripts/redis-cluster.sh (Redis 7.0), including the hash-tag edge cases.
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "foo|12182",
        "somekey|11058",
        "{user1000}.following|3443",
        "a{}b|13694",
        "{}{x}|3257",
        "x{y|2740",
        "ü|9552",
        "cybernet:events:call|8820",
        "{cybernet:events:call}:call:1|8820"
      })
  void slotsAreRedisClusters(String key, int slot) {
    assertThat(HashSlots.slot(key)).isEqualTo(slot);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5, 12, 64})
  void spreadTagsFallEachInTheirOwnEqualRangeOfSlots(int parts) {
    for (int part = 0; part < parts; part++) {
      int slot = HashSlots.slot(HashSlots.spreadTag("signal-", part, parts));
      assertThat(slot)
          .isGreaterThanOrEqualTo(part * HashSlots.SLOTS / parts)
          .isLessThan((part + 1) * HashSlots.SLOTS / parts);
    }
  }

  @ParameterizedTest
  @CsvSource({"-1,3", "3,3", "0,0"})
  void aPartOutsideTheRangeIsRefused(int part, int parts) {
    assertThatThrownBy(() -> HashSlots.spreadTag("x", part, parts))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
