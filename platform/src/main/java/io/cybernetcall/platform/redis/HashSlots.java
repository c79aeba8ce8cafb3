package io.cybernetcall.platform.redis;

import java.nio.charset.StandardCharsets;

/**
 * Redis Cluster's key-to-slot rule, computed here so that keys can be placed on purpose: a key's
 * slot is CRC16 (XMODEM) of its hash tag (the text between the first {@code {}} and the next {@code
 * }}, when not empty) or else of the whole key, modulo 16,384. Keys with the same tag share a slot,
 * so one script may touch all of them.
 */
public final class HashSlots {

  /** Slots in a Redis Cluster. */
  public static final int SLOTS = 16_384;

  private HashSlots() {}

  /** The slot Redis Cluster serves {@code key} from. */
  public static int slot(String key) {
    int open = key.indexOf('{');
    if (open >= 0) {
      int close = key.indexOf('}', open + 1);
      if (close > open + 1) {
        key = key.substring(open + 1, close);
      }
    }
    return crc16(key.getBytes(StandardCharsets.UTF_8)) % SLOTS;
  }

  /**
   * A hash tag, {@code <prefix><part>.<n>} for the smallest n that works, whose slot lies in the
   * {@code part}-th of {@code parts} equal ranges of slots. A cluster created with {@code redis-cli
   * --cluster create} gives each master one contiguous range, so tags spread this way fall on the
   * masters in proportion to their share of the slots, where tags hashed blindly could land several
   * on one master.
   */
  public static String spreadTag(String prefix, int part, int parts) {
    if (parts < 1 || parts > SLOTS || part < 0 || part >= parts) {
      throw new IllegalArgumentException("part " + part + " of " + parts);
    }
    int first = (int) ((long) part * SLOTS / parts);
    int end = (int) ((long) (part + 1) * SLOTS / parts);
    for (int n = 0; ; n++) {
      String tag = prefix + part + "." + n;
      int slot = slot(tag);
      if (slot >= first && slot < end) {
        return tag;
      }
    }
  }

  /** CRC16-CCITT (XMODEM): polynomial 0x1021, initial value 0, as Redis Cluster uses. */
  static int crc16(byte[] bytes) {
    int crc = 0;
    for (byte b : bytes) {
      crc ^= (b & 0xFF) << 8;
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
      }
      crc &= 0xFFFF;
    }
    return crc;
  }
}
