package io.cybernetcall.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The package dependencies of a module's sources, read from their imports, and the cycles among
 * them: a package that needs one that needs it back is one package in two places.
 */
public final class PackageCycles {

  private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
  private static final Pattern IMPORT =
      Pattern.compile("^import (?:static )?([\\w.]+)\\.[A-Z]\\w*(?:\\.\\w+)*;", Pattern.MULTILINE);

  private PackageCycles() {}

  /**
   * Package → the packages under {@code base} it imports from, for the sources under {@code root}.
   */
  public static Map<String, Set<String>> dependencies(Path root, String base) {
    Map<String, Set<String>> graph = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
        String source = Files.readString(file);
        Matcher declared = PACKAGE.matcher(source);
        if (!declared.find()) {
          continue;
        }
        String from = declared.group(1);
        Set<String> to = graph.computeIfAbsent(from, key -> new TreeSet<>());
        Matcher imported = IMPORT.matcher(source);
        while (imported.find()) {
          String target = imported.group(1);
          if (target.startsWith(base) && !target.equals(from)) {
            to.add(target);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return graph;
  }

  /**
   * Each cycle as the packages along it (first repeated at the end), found from the packages in
   * name order so the answer is the same for any map; empty when there is none.
   */
  public static List<List<String>> cycles(Map<String, Set<String>> graph) {
    List<List<String>> found = new ArrayList<>();
    Set<String> done = new HashSet<>();
    for (String start : new TreeSet<>(graph.keySet())) {
      walk(start, graph, new ArrayList<>(), done, found);
    }
    return found;
  }

  private static void walk(
      String at,
      Map<String, Set<String>> graph,
      List<String> path,
      Set<String> done,
      List<List<String>> found) {
    int seen = path.indexOf(at);
    if (seen >= 0) {
      List<String> cycle = new ArrayList<>(path.subList(seen, path.size()));
      cycle.add(at);
      found.add(cycle);
      return;
    }
    if (done.contains(at)) {
      return;
    }
    path.add(at);
    for (String next : new TreeSet<>(graph.getOrDefault(at, Set.of()))) {
      walk(next, graph, path, done, found);
    }
    path.remove(path.size() - 1);
    done.add(at);
  }
}
