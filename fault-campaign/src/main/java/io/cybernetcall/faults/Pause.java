package io.cybernetcall.faults;

/** Sleeping where the campaign means to let time pass (traffic before and during a fault). */
final class Pause {

  private Pause() {}

  static void millis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
