package io.cybernetcall.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cybernetcall.platform.redis.HashSlots;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardedStreamTest {

  private final ShardedStream stream = new ShardedStream("cybernet:events:signal", 12);

  @Test
  void aKeyTaggedLikeItsShardSharesTheShardStreamsSlot() {
    for (int i = 0; i < 200; i++) {
      String user = UUID.randomUUID().toString();
      String key = "cybernet:sig:" + stream.tagOf(user) + ":seq:" + user;
      assertThat(HashSlots.slot(key)).isEqualTo(HashSlots.slot(stream.streamOf(user)));
    }
  }

  @Test
  void shardsAreSpreadOverThreeEqualMastersFourEach() {
    // The slot ranges redis-cli --cluster create gives three masters.
    int[] perMaster = new int[3];
    for (String shard : stream.streams()) {
      perMaster[HashSlots.slot(shard) * 3 / HashSlots.SLOTS]++;
    }
    assertThat(perMaster).containsExactly(4, 4, 4);
  }

  @Test
  void usersSpreadEvenlyAndAlwaysToTheSameShard() {
    int[] perShard = new int[12];
    List<String> users = IntStream.range(0, 12_000).mapToObj(i -> "user-" + i).toList();
    users.forEach(user -> perShard[stream.shardOf(user)]++);
    for (int count : perShard) {
      assertThat(count).isBetween(850, 1150);
    }
    assertThat(new ShardedStream("cybernet:events:signal", 12).shardOf("user-7"))
        .isEqualTo(stream.shardOf("user-7"));
  }

  @Test
  void shardStreamsAreDistinctAndNamedAfterTheBase() {
    Set<String> names = new HashSet<>(stream.streams());
    assertThat(names).hasSize(12).allMatch(name -> name.startsWith("cybernet:events:signal:{"));
  }

  @Test
  void aShardCountOutsideOneTo1024IsRefused() {
    assertThatThrownBy(() -> new ShardedStream("s", 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ShardedStream("s", 1025))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
