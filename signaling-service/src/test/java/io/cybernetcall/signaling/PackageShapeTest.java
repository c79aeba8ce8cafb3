package io.cybernetcall.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.cybernetcall.testsupport.PackageCycles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * signaling-service's packages depend one way: protocol (frames, with their limits from config) and
 * redis (the key layout) at the bottom, presence on them, routing on presence, service on all of
 * them, and the endpoints, resources and listeners on top. No cycle, so each can change without the
 * others.
 */
class PackageShapeTest {

  private static final String BASE = "io.cybernetcall.signaling";
  private static final Map<String, Set<String>> GRAPH =
      PackageCycles.dependencies(Path.of("src/main/java"), BASE);

  @Test
  void noPackageNeedsOneThatNeedsItBack() {
    assertThat(PackageCycles.cycles(GRAPH)).isEmpty();
  }

  @Test
  void theLowerLayersDoNotReachUp() {
    for (String lower : List.of("protocol", "redis", "presence", "routing")) {
      assertThat(GRAPH.get(BASE + "." + lower))
          .as(lower)
          .doesNotContain(
              BASE + ".service", BASE + ".endpoint", BASE + ".rest", BASE + ".listener");
    }
    assertThat(GRAPH.get(BASE + ".presence")).as("presence").doesNotContain(BASE + ".routing");
    assertThat(GRAPH.get(BASE + ".protocol")).as("protocol").isSubsetOf(BASE + ".config");
    assertThat(GRAPH.get(BASE + ".redis")).as("redis").isEmpty();
  }

  @RepeatedTest(5) // Map.of's order changes from run to run: the answer must not
  void aCycleIsFoundWhenThereIsOne() {
    Map<String, Set<String>> looped =
        Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));

    assertThat(PackageCycles.cycles(looped)).containsExactly(List.of("a", "b", "c", "a"));
  }
}
