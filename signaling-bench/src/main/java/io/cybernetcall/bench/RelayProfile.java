package io.cybernetcall.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a relay's Java CPU goes, from a JFR recording's execution samples: who spent it (the first
 * frame from the top that is not the JDK's), what it ran under (every layer anywhere in the stack),
 * and which of our methods it was done for (the innermost frame of ours).
 *
 * <pre>
 * java -cp signaling-bench.jar io.cybernetcall.bench.RelayProfile relay.jfr [frames=N]
 * </pre>
 *
 * <p>Execution samples see threads running Java code only: time in system calls (socket writes,
 * epoll), GC and the JIT compiler is not in them; {@code bench/profile-relay.sh} reports those per
 * thread from /proc beside this.
 */
public final class RelayProfile {

  // First match wins: the more specific prefixes come first.
  private static final List<Map.Entry<String, String>> LAYERS =
      List.of(
          Map.entry("io.cybernetcall.", "Cybernet Call"),
          Map.entry("com.fasterxml.jackson.", "JSON (Jackson)"),
          Map.entry("io.vertx.core.json.", "JSON (Jackson)"),
          Map.entry("io.vertx.redis.", "Redis client"),
          Map.entry("io.quarkus.redis.", "Redis client"),
          Map.entry("io.quarkus.websockets.next.", "websockets-next"),
          Map.entry("io.quarkus.oidc.", "OIDC"),
          Map.entry("io.quarkus.", "Quarkus (other)"),
          Map.entry("io.smallrye.mutiny.", "Mutiny"),
          Map.entry("io.smallrye.context.", "Context propagation"),
          Map.entry("io.smallrye.", "SmallRye (other)"),
          Map.entry("io.vertx.", "Vert.x"),
          Map.entry("io.netty.", "Netty"),
          Map.entry("java.", "JDK"),
          Map.entry("javax.", "JDK"),
          Map.entry("jdk.", "JDK"),
          Map.entry("sun.", "JDK"),
          Map.entry("", "other"));

  private final Map<String, Integer> owner = new HashMap<>();
  private final Map<String, Integer> anywhere = new HashMap<>();
  private final Map<String, Integer> forOurMethod = new HashMap<>();
  private final Map<String, Integer> selfMethod = new HashMap<>();
  private final Map<String, Integer> thread = new HashMap<>();
  private int samples;

  public static void main(String[] args) throws IOException {
    int frames = 25;
    for (int i = 1; i < args.length; i++) {
      if (args[i].startsWith("frames=")) {
        frames = Integer.parseInt(args[i].substring("frames=".length()));
      }
    }
    RelayProfile profile = new RelayProfile();
    for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
      if (event.getEventType().getName().equals("jdk.ExecutionSample")) {
        profile.add(event);
      }
    }
    System.out.print(profile.report(frames));
  }

  private void add(RecordedEvent sample) {
    RecordedStackTrace stack = sample.getStackTrace();
    if (stack == null || stack.getFrames().isEmpty()) {
      return;
    }
    samples++;
    String threadName = sample.getThread("sampledThread").getJavaName();
    count(thread, threadName == null ? "?" : threadName.replaceAll("-?\\d+$", "-N"));
    List<RecordedFrame> frames = stack.getFrames();
    count(selfMethod, name(frames.get(0)));
    String who = "JDK";
    for (RecordedFrame frame : frames) {
      String layer = layer(frame);
      if (!layer.equals("JDK")) {
        who = layer;
        break;
      }
    }
    count(owner, who);
    Set<String> layers = new LinkedHashSet<>();
    String ours = null;
    for (RecordedFrame frame : frames) {
      String layer = layer(frame);
      layers.add(layer);
      if (ours == null && layer.equals("Cybernet Call")) {
        ours = name(frame);
      }
    }
    layers.forEach(layer -> count(anywhere, layer));
    count(forOurMethod, ours == null ? "(no frame of ours: " + who + ")" : ours);
  }

  private String report(int frames) {
    StringBuilder out = new StringBuilder();
    out.append("execution samples: %d%n".formatted(samples));
    section(out, "threads sampled", thread, frames);
    section(out, "who spent it (first frame from the top that is not the JDK's)", owner, 99);
    section(out, "under which layer (samples with a frame of it anywhere)", anywhere, 99);
    section(out, "done for which of our methods (innermost frame of ours)", forOurMethod, frames);
    section(out, "hottest methods (top frame, self time)", selfMethod, frames);
    return out.toString();
  }

  private void section(StringBuilder out, String title, Map<String, Integer> counts, int limit) {
    out.append("## %s%n".formatted(title));
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(limit)
        .forEach(
            entry ->
                out.append(
                    "%6.1f %%  %6d  %s%n"
                        .formatted(
                            100.0 * entry.getValue() / Math.max(1, samples),
                            entry.getValue(),
                            entry.getKey())));
  }

  private static void count(Map<String, Integer> counts, String key) {
    counts.merge(key, 1, Integer::sum);
  }

  private static String name(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  private static String layer(RecordedFrame frame) {
    String type = frame.getMethod().getType().getName();
    for (Map.Entry<String, String> layer : LAYERS) {
      if (type.startsWith(layer.getKey())) {
        return layer.getValue();
      }
    }
    return "other";
  }
}
