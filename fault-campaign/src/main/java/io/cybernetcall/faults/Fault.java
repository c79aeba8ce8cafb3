package io.cybernetcall.faults;

/**
 * One kind of failure the campaign injects and then repairs. {@link #inject} breaks something while
 * traffic runs; {@link #repair} undoes it (restarts what was killed, brings back what was taken).
 */
interface Fault {

  String name();

  /** What it does, for the report. */
  String description();

  void inject() throws Exception;

  void repair() throws Exception;

  /** Crashes this fault causes per run (a duplicate email is allowed per crash). */
  default int crashesPerRun() {
    return 1;
  }

  static Fault of(String name, String description, Step inject, Step repair, int crashes) {
    return new Fault() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String description() {
        return description;
      }

      @Override
      public void inject() throws Exception {
        inject.run();
      }

      @Override
      public void repair() throws Exception {
        repair.run();
      }

      @Override
      public int crashesPerRun() {
        return crashes;
      }
    };
  }

  /** A step that may fail. */
  @FunctionalInterface
  interface Step {
    void run() throws Exception;
  }
}
