package dev.authmail.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The load harness of issue 5. Run by hand ({@code benchmarks/run.sh}); prints figures, asserts
 * nothing. Options (all optional): {@code --messages N} (10000), {@code --clients C} (16, client
 * threads posting to the API), {@code --rate R} (500, requests/s of the open-loop latency run),
 * {@code --seconds S} (10, its duration), {@code --connections K} (3, the SMTP connector's default
 * pool), {@code --warmup W} (3000, messages sent before each measured run, through the same path),
 * {@code --only raw,pipeline,latency,floor,engine,store,startup} (default:
 * raw,pipeline,latency,floor). {@code store} and {@code startup} need no sink; {@code --runs N} (3)
 * is their repetitions; {@code --stores H2,SQLITE_FULL,SQLITE_NORMAL} and {@code --rounds 1,8,32}
 * narrow {@code store}; {@code --insert QUEUED,LEASED} (LEASED) picks how its rounds store the
 * messages they hand off (see {@link StoreRun.Insert}).
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    int messages = Integer.parseInt(options.getOrDefault("messages", "10000"));
    int clients = Integer.parseInt(options.getOrDefault("clients", "16"));
    int rate = Integer.parseInt(options.getOrDefault("rate", "500"));
    int seconds = Integer.parseInt(options.getOrDefault("seconds", "10"));
    int connections = Integer.parseInt(options.getOrDefault("connections", "3"));
    int warmup = Integer.parseInt(options.getOrDefault("warmup", "3000"));
    Set<String> only =
        Set.of(options.getOrDefault("only", "raw,pipeline,latency,floor").split(","));
    int runs = Integer.parseInt(options.getOrDefault("runs", "3"));
    // docs/design/field-notes.md: without it Jakarta Mail looks its StreamProvider up for every
    // part (2x slower)
    System.setProperty(
        "jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");

    System.out.printf(
        "authmail benchmark: %d messages, %d cores, Java %s%n",
        messages, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    if (only.contains("store")) {
      store(
          warmup,
          messages,
          runs,
          options.getOrDefault("stores", "H2,SQLITE_FULL,SQLITE_NORMAL"),
          options.getOrDefault("rounds", "1,8,32"),
          options.getOrDefault("insert", "LEASED"));
    }
    if (only.contains("startup")) {
      double[][] ready = StartupRun.run(Math.max(runs, 5));
      System.out.printf(
          "startup   serve ready on an existing data directory: median %.0f ms (of %d: %s); CPU"
              + " used by then: median %.0f ms (%s)%n",
          ready[0][ready[0].length / 2],
          ready[0].length,
          Arrays.toString(Arrays.stream(ready[0]).mapToLong(Math::round).toArray()),
          ready[1][ready[1].length / 2],
          Arrays.toString(Arrays.stream(ready[1]).mapToLong(Math::round).toArray()));
    }
    if (!(only.contains("raw")
        || only.contains("pipeline")
        || only.contains("latency")
        || only.contains("floor")
        || only.contains("engine"))) {
      return;
    }
    try (SmtpSink sink = SmtpSink.start()) {
      System.out.println("smtp-sink on 127.0.0.1:" + sink.port());
      double raw = Double.NaN;
      double rawCpu = Double.NaN;
      if (only.contains("raw")) {
        RawSender.run(sink.port(), warmup, connections); // warm-up
        double before =
            ProcCpu.seconds(ProcessHandle.current().pid()) + ProcCpu.seconds(sink.pid());
        raw = RawSender.run(sink.port(), messages, connections);
        double cpu =
            (ProcCpu.seconds(ProcessHandle.current().pid()) + ProcCpu.seconds(sink.pid()) - before)
                * 1e6
                / messages;
        rawCpu = cpu;
        System.out.printf(
            "baseline  pooled Jakarta Mail (%d connections): %,.0f messages/s (cpu, sender + sink:"
                + " %.0f us per message)%n",
            connections, raw, cpu);
      }
      if (only.contains("pipeline") || only.contains("latency") || only.contains("floor")) {
        try (PipelineRun pipeline = PipelineRun.start(sink)) {
          System.out.println(
              "authmail serve (pid " + pipeline.pid() + ") on SQLite, SMTP connector to the sink");
          if (only.contains("pipeline") || only.contains("latency")) {
            pipeline.throughput(warmup, clients); // warm-up
          }
          if (only.contains("pipeline")) {
            PipelineRun.Result full = pipeline.throughput(messages, clients);
            System.out.printf(
                "pipeline  HTTP API -> outbox (SQLite) -> SMTP connector (%d client threads): %,.0f"
                    + " messages/s%s%n",
                clients,
                full.perSecond(),
                full.failed() > 0 ? " (" + full.failed() + " requests failed)" : "");
            System.out.printf(
                "ratio     pipeline / baseline = %.2f (target >= 0.6)%n", full.perSecond() / raw);
            System.out.printf("accept    latency under that load: %s%n", full.accepts().summary());
            System.out.printf(
                "cpu       per message: authmail serve %.0f us; serve + sink + HTTP clients %.0f"
                    + " us%n",
                full.serveCpuMicros(), full.machineCpuMicros());
          }
          if (only.contains("floor")) {
            pipeline.rejected(warmup, clients); // warm-up
            PipelineRun.Result floor = pipeline.rejected(messages, clients);
            System.out.printf(
                "floor     HTTP only (%d requests refused with 400, nothing stored or sent): %,.0f"
                    + " requests/s; cpu per request: authmail serve %.0f us, serve + HTTP clients"
                    + " %.0f us%n",
                messages, floor.perSecond(), floor.serveCpuMicros(), floor.machineCpuMicros());
            if (!Double.isNaN(rawCpu)) {
              // what the machine would manage if the outbox cost nothing: the HTTP floor plus
              // one SMTP send as cheap as the baseline's, on every core of the machine
              double ceiling =
                  Runtime.getRuntime().availableProcessors()
                      * 1e6
                      / (floor.machineCpuMicros() + rawCpu);
              System.out.printf(
                  "ceiling   HTTP floor + baseline send, outbox free: %,.0f messages/s = %.2f of"
                      + " the baseline%n",
                  ceiling, ceiling / raw);
            }
          }
          if (only.contains("latency")) {
            long before = sink.messages();
            PipelineRun.Result open = pipeline.fixedRate(rate, seconds);
            System.out.printf(
                "latency   open loop at %d requests/s for %d s (achieved %.0f/s): accept %s%s"
                    + " (target p99 < 25 ms)%n",
                rate,
                seconds,
                open.perSecond(),
                open.accepts().summary(),
                open.failed() > 0 ? ", " + open.failed() + " failed" : "");
            System.out.printf(
                "cpu       per request at that rate: authmail serve %.0f us%n",
                open.serveCpuMicros());
            sink.awaitMessages(before + (long) rate * seconds - open.failed(), 120);
          }
        }
      }
      if (only.contains("engine")) {
        EngineRun.run(sink.port(), warmup, clients); // warm-up
        EngineRun.Result engine = EngineRun.run(sink.port(), messages, clients);
        System.out.printf(
            "engine    Outbox in-process on SQLite, no HTTP (%d callers): %,.0f messages/s, ratio"
                + " %.2f; accept %s%n",
            clients, engine.perSecond(), engine.perSecond() / raw, engine.accepts().summary());
      }
    }
  }

  /** The outbox's write pattern on each store, rounds of 1, 8 and 32: medians of {@code runs}. */
  private static void store(
      int warmup, int messages, int runs, String stores, String rounds, String inserts)
      throws Exception {
    System.out.printf(
        "store     the outbox's write pattern, one writer, %d messages after %d, median of %d"
            + " runs:%n",
        messages, warmup, runs);
    System.out.println(
        "          store          insert  round  cpu us/msg (process, writer thread)  msg/s   "
            + " file MB");
    for (String storeName : stores.split(",")) {
      StoreRun.Store store = StoreRun.Store.valueOf(storeName.trim());
      for (String insertName : inserts.split(","))
        for (String roundText : rounds.split(",")) {
          StoreRun.Insert insert = StoreRun.Insert.valueOf(insertName.trim());
          int round = Integer.parseInt(roundText.trim());
          List<StoreRun.Result> results = new ArrayList<>();
          for (int i = 0; i < runs; i++) {
            results.add(StoreRun.run(store, insert, round, warmup, messages));
          }
          results.sort(Comparator.comparingDouble(StoreRun.Result::processMicros));
          StoreRun.Result median = results.get(results.size() / 2);
          System.out.printf(
              "          %-14s %-6s  %5d  %6.0f, %6.0f                      %7.0f  %7.1f%n",
              store,
              insert,
              round,
              median.processMicros(),
              median.threadMicros(),
              median.perSecond(),
              median.bytes() / 1e6);
        }
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("options are --name value pairs; got " + args[i]);
      }
      options.put(args[i].substring(2), args[++i]);
    }
    return options;
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
