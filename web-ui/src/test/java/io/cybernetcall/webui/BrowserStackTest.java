package io.cybernetcall.webui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BrowserStackTest {

  @Test
  void aFailedSuiteSaysWhatFailedAndWhatItPrintedOnce() {
    String tap =
        """
        TAP version 13
        # cn-home1-sign-up: {"url":"http://localhost:1/"}
        # Subtest: first
        not ok 1 - first
          ---
          duration_ms: 1.0
          failureType: 'hookFailed'
          error: |-
            locator.click: Timeout 30000ms exceeded.
            Call log:
          code: 'ERR_TEST_FAILURE'
          stack: |-
            TestContext.<anonymous> (file:///a.test.mjs:2:71)
          ...
        # Subtest: second
        not ok 2 - second
          ---
          error: |-
            locator.click: Timeout 30000ms exceeded.
            Call log:
          ...
        1..2
        # tests 2
        # fail 2
        """;

    String failures = BrowserStack.failuresIn(tap);

    assertThat(failures)
        .contains("not ok 1 - first", "not ok 2 - second", "# cn-home1-sign-up: {\"url\"")
        .doesNotContain("# tests", "# Subtest", "TestContext", "ERR_TEST_FAILURE");
    assertThat(failures.split("locator.click: Timeout", -1)).hasSize(2);
  }

  @Test
  void aPassingReportHasNothingToSay() {
    assertThat(BrowserStack.failuresIn("TAP version 13\n# Subtest: a\nok 1 - a\n# pass 1\n"))
        .isEqualTo("no failure in its report");
  }
}
