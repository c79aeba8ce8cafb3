package io.cybernetcall.faults;

import io.cybernetcall.testsupport.RealAccounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Drives real traffic (calls set up, signals over WebSocket and long-poll, emails triggered)
 * through the real processes while it injects one fault at a time, {@code runs} times each, and
 * checks after each fault, from the clients and the database:
 *
 * <ul>
 *   <li>no signal the server accepted was lost or delivered twice to the application;
 *   <li>no email was lost, and duplicates do not exceed crashes;
 *   <li>every service is ready again within 10 s of the dependency's return.
 * </ul>
 *
 * Arguments: {@code runs=10 faults=all root=. work=/tmp/... redis-port=6391 pg-port=5441
 * pg-bin=/usr/lib/postgresql/15/bin report=target/fault-campaign.md}.
 */
public final class FaultCampaign {

  private static final Duration READY_WITHIN = Duration.ofSeconds(10);

  private final Map<String, String> options;
  private final Stack stack;
  private final PrivateRedis redis;
  private final PrivatePostgres postgres;
  private final Mailbox mail;
  private final RealAccounts accounts;

  private FaultCampaign(
      Map<String, String> options,
      Stack stack,
      PrivateRedis redis,
      PrivatePostgres postgres,
      Mailbox mail) {
    this.options = options;
    this.stack = stack;
    this.redis = redis;
    this.postgres = postgres;
    this.mail = mail;
    this.accounts = new RealAccounts(stack.url(Stack.AUTH));
  }

  public static void main(String[] args) throws Exception {
    try (Lab lab =
        Lab.start(
            args, Map.of("runs", "10", "faults", "all", "report", "target/fault-campaign.md"))) {
      new FaultCampaign(lab.options, lab.stack, lab.redis, lab.postgres, lab.mail).run();
    }
  }

  private void run() throws Exception {
    List<Fault> faults = faults();
    String chosen = options.get("faults");
    if (!chosen.equals("all")) {
      List<String> names = Arrays.asList(chosen.split(","));
      faults.removeIf(fault -> !names.contains(fault.name()));
    }
    int runs = Integer.parseInt(options.get("runs"));
    List<Report.Row> rows = new ArrayList<>();
    for (Fault fault : faults) {
      rows.add(campaign(fault, runs));
      Report.write(Path.of(options.get("report")), rows, runs);
    }
    System.out.println(Files.readString(Path.of(options.get("report"))));
  }

  private Report.Row campaign(Fault fault, int runs) throws Exception {
    System.out.printf("== %s (%d runs)%n", fault.name(), runs);
    List<Pair> pairs = pairs();
    pairs.forEach(pair -> pair.sending(true));
    List<Long> recoveries = new ArrayList<>();
    List<String> addresses = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      addresses.add(registerForEmail());
      Pause.millis(1_500);
      fault.inject();
      Pause.millis(2_000);
      Instant repaired = Instant.now();
      fault.repair();
      while (!stack.allReady()) {
        if (Duration.between(repaired, Instant.now()).compareTo(Duration.ofSeconds(60)) > 0) {
          throw new IllegalStateException("not ready 60 s after repairing " + fault.name());
        }
        Pause.millis(100);
      }
      long recovery = Duration.between(repaired, Instant.now()).toMillis();
      recoveries.add(recovery);
      System.out.printf("   run %d: ready %d ms after repair%n", run, recovery);
      Pause.millis(1_500);
    }
    pairs.forEach(pair -> pair.sending(false));
    return settle(fault, runs, pairs, recoveries, addresses);
  }

  /** Waits for the stack to deliver what it accepted, then counts what is missing or doubled. */
  private Report.Row settle(
      Fault fault, int runs, List<Pair> pairs, List<Long> recoveries, List<String> addresses)
      throws Exception {
    long accepted = 0;
    long lost = 0;
    long twice = 0;
    long refused = 0;
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    for (Pair pair : pairs) {
      Set<String> missing = pair.missingAfterCatchUp();
      while (!missing.isEmpty() && Instant.now().isBefore(deadline)) {
        Pause.millis(1_000);
        missing = pair.missingAfterCatchUp();
      }
      accepted += pair.accepted.size();
      lost += missing.size();
      twice += pair.receivedTwice.size();
      refused += pair.refused.get();
      if (!missing.isEmpty() || !pair.receivedTwice.isEmpty()) {
        System.out.printf(
            "   %s → %s: missing %s, twice %s%n",
            pair.caller.username(), pair.callee.username(), missing, pair.receivedTwice);
      }
      pair.stop();
    }
    int expectedMails = 2 * addresses.size();
    long lostMails = 0;
    long duplicateMails = 0;
    Instant mailDeadline = Instant.now().plus(Duration.ofSeconds(60));
    while (true) {
      List<String> recipients = mail.recipients();
      lostMails = 0;
      duplicateMails = 0;
      for (String address : addresses) {
        int got = Collections.frequency(recipients, address);
        lostMails += Math.max(0, 2 - got);
        duplicateMails += Math.max(0, got - 2);
      }
      if (lostMails == 0 || Instant.now().isAfter(mailDeadline)) {
        break;
      }
      Pause.millis(1_000);
    }
    return new Report.Row(
        fault.name(),
        fault.description(),
        runs,
        accepted,
        refused,
        lost,
        twice,
        expectedMails,
        lostMails,
        duplicateMails,
        (long) fault.crashesPerRun() * runs,
        recoveries,
        READY_WITHIN.toMillis());
  }

  private List<Pair> pairs() throws Exception {
    String a = stack.url(Stack.SIGNALING_A);
    String b = stack.url(Stack.SIGNALING_B);
    String store = stack.url(Stack.SIGNAL_STORE);
    List<Pair> pairs = new ArrayList<>();
    Object[][] layout = {
      {a, a, Pair.Receiving.WEBSOCKET},
      {a, b, Pair.Receiving.WEBSOCKET},
      {b, a, Pair.Receiving.WEBSOCKET},
      {a, a, Pair.Receiving.LONG_POLL},
    };
    for (Object[] spec : layout) {
      RealAccounts.User caller = accounts.create("caller");
      RealAccounts.User callee = accounts.create("callee");
      accounts.connect(caller, callee);
      Pair pair =
          new Pair(
              caller,
              callee,
              (String) spec[0],
              (String) spec[1],
              store,
              (Pair.Receiving) spec[2],
              accounts,
              Duration.ofMillis(50));
      pair.start();
      pairs.add(pair);
    }
    return pairs;
  }

  /** A new account: auth-service emits two events that each end in one email. */
  private String registerForEmail() {
    for (int attempt = 0; ; attempt++) {
      try {
        return accounts.create("mail").username() + "@example.test";
      } catch (RuntimeException | AssertionError e) {
        if (attempt > 20) {
          throw e;
        }
        Pause.millis(500);
      }
    }
  }

  private List<Fault> faults() {
    List<Fault> faults = new ArrayList<>();
    faults.add(
        Fault.of(
            "redis-kill9",
            "Redis (AOF, fsync every second) killed with -9, restarted on its files",
            redis::kill9,
            redis::start,
            1));
    faults.add(
        Fault.of(
            "postgres-stop",
            "PostgreSQL stopped immediately (-m immediate), started again",
            postgres::stopImmediately,
            postgres::start,
            1));
    for (String service :
        List.of(Stack.AUTH, Stack.SIGNALING_A, Stack.SIGNAL_STORE, Stack.NOTIFICATION)) {
      faults.add(
          Fault.of(
              "kill9-" + service,
              service + " killed with -9 mid-traffic, restarted",
              () -> stack.kill9(service),
              () -> stack.start(service),
              1));
    }
    faults.add(
        Fault.of("smtp-away", "the SMTP server taken away, then back", mail::stop, mail::start, 0));
    faults.add(
        Fault.of(
            "partition-signaling-b",
            "signaling replica B cut from Redis by its TCP proxy, then reconnected",
            stack.redisForB::stop,
            stack.redisForB::start,
            0));
    return faults;
  }
}
