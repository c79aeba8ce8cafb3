package io.cybernetcall.platform.events;

import io.cybernetcall.platform.redis.HashSlots;
import java.util.List;
import java.util.stream.IntStream;

/**
 * An event stream split into {@code shards} streams, {@code <base>:{<tag>}}, so that it scales with
 * a Redis Cluster: each shard's hash tag falls in its own equal range of slots (see {@link
 * HashSlots#spreadTag}), and a producer that keys its other data with the same tag writes that data
 * and the event in one slot, atomically. A routing key (such as a user id) always maps to the same
 * shard; the mapping depends on the number of shards, which is therefore fixed for the life of a
 * deployment's data.
 */
public final class ShardedStream {

  private final String base;
  private final List<String> tags;

  public ShardedStream(String base, int shards) {
    if (shards < 1 || shards > 1024) {
      throw new IllegalArgumentException("between 1 and 1024 shards, not " + shards);
    }
    this.base = base;
    String prefix = base.substring(base.lastIndexOf(':') + 1) + "-";
    this.tags =
        IntStream.range(0, shards)
            .mapToObj(shard -> HashSlots.spreadTag(prefix, shard, shards))
            .toList();
  }

  public int shards() {
    return tags.size();
  }

  /** The shard that holds the events of {@code routingKey}. */
  public int shardOf(String routingKey) {
    return (int) ((long) HashSlots.slot(routingKey) * tags.size() / HashSlots.SLOTS);
  }

  /**
   * The hash tag, braces included, of {@code routingKey}'s shard: put it in keys that go with it.
   */
  public String tagOf(String routingKey) {
    return tag(shardOf(routingKey));
  }

  /** The stream that holds the events of {@code routingKey}. */
  public String streamOf(String routingKey) {
    return stream(shardOf(routingKey));
  }

  /** The hash tag, braces included, of shard {@code shard}. */
  public String tag(int shard) {
    return "{" + tags.get(shard) + "}";
  }

  /** The stream of shard {@code shard}. */
  public String stream(int shard) {
    return base + ":" + tag(shard);
  }

  /** Every shard's stream, in shard order. */
  public List<String> streams() {
    return IntStream.range(0, tags.size()).mapToObj(this::stream).toList();
  }
}
