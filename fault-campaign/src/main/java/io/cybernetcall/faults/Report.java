package io.cybernetcall.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The campaign's results as the Markdown table docs/reliability.md carries. */
final class Report {

  record Row(
      String fault,
      String description,
      int runs,
      long accepted,
      long refused,
      long lost,
      long deliveredTwice,
      long emails,
      long emailsLost,
      long emailDuplicates,
      long crashes,
      List<Long> recoveriesMillis,
      long readyWithinMillis) {

    long worstRecovery() {
      return recoveriesMillis.isEmpty() ? 0 : Collections.max(recoveriesMillis);
    }

    long medianRecovery() {
      List<Long> sorted = new ArrayList<>(recoveriesMillis);
      Collections.sort(sorted);
      return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }

    boolean passed() {
      return lost == 0
          && deliveredTwice == 0
          && emailsLost == 0
          && emailDuplicates <= crashes
          && worstRecovery() <= readyWithinMillis;
    }
  }

  private Report() {}

  static void write(Path file, List<Row> rows, int runs) throws IOException {
    StringBuilder out = new StringBuilder();
    out.append("Fault campaign of ")
        .append(LocalDate.now())
        .append(", ")
        .append(runs)
        .append(" runs per fault.\n\n");
    out.append(
        "| fault | runs | signals accepted | refused (retry) | lost | delivered twice | emails | lost | duplicates (≤ crashes) | ready again: median / worst | verdict |\n");
    out.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Row row : rows) {
      out.append(
          "| %s | %d | %d | %d | %d | %d | %d | %d | %d (≤ %d) | %d ms / %d ms | %s |\n"
              .formatted(
                  row.fault(),
                  row.runs(),
                  row.accepted(),
                  row.refused(),
                  row.lost(),
                  row.deliveredTwice(),
                  row.emails(),
                  row.emailsLost(),
                  row.emailDuplicates(),
                  row.crashes(),
                  row.medianRecovery(),
                  row.worstRecovery(),
                  row.passed() ? "pass" : "**FAIL**"));
    }
    out.append("\n");
    for (Row row : rows) {
      out.append("- `").append(row.fault()).append("`: ").append(row.description()).append('\n');
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, out.toString());
  }
}
