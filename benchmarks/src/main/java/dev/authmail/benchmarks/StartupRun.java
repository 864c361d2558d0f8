package dev.authmail.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How long {@code authmail serve} takes to be ready on an existing data directory ({@code --only
 * startup}): from starting the JVM to the start-up banner's last line, which serve prints once the
 * HTTP server answers ({@code /health} included). The first start creates the data directory and is
 * not counted; then {@code runs} starts, each stopped with SIGTERM. Embedded defaults (SQLite).
 */
final class StartupRun {
  private StartupRun() {}

  /**
   * The ready times in milliseconds, sorted, then the CPU time (ms) the process had used when it
   * was ready, sorted: on a shared machine the steadier figure.
   */
  static double[][] run(int runs) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("authmail-bench-startup");
    try {
      once(dir); // creates the data directory (and through the launcher records the CDS archive)
      once(dir); // through the launcher: checks and adopts the archive
      double[] millis = new double[runs];
      double[] cpu = new double[runs];
      for (int i = 0; i < runs; i++) {
        double[] one = once(dir);
        millis[i] = one[0];
        cpu[i] = one[1];
      }
      Arrays.sort(millis);
      Arrays.sort(cpu);
      return new double[][] {millis, cpu};
    } finally {
      Main.deleteTree(dir);
    }
  }

  private static double[] once(Path dir) throws IOException, InterruptedException {
    // -Dauthmail.bench.launcher=./authmail: start through the launcher script (its jar and its
    // class-data sharing archive) instead of this class path
    String launcher = System.getProperty("authmail.bench.launcher", "");
    List<String> command = new ArrayList<>();
    if (!launcher.isBlank()) {
      command.add(Path.of(launcher).toAbsolutePath().toString());
    } else {
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      String jvmOptions = System.getProperty("authmail.bench.serveJvm", "");
      if (!jvmOptions.isBlank()) {
        command.addAll(List.of(jvmOptions.trim().split("\\s+")));
      }
      command.addAll(
          List.of("-cp", System.getProperty("java.class.path"), "dev.authmail.runtime.cli.Main"));
    }
    command.addAll(
        List.of(
            "serve",
            "--port",
            "0",
            "--host",
            "127.0.0.1",
            "--data",
            dir.resolve("data").toString()));
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().put("AUTHMAIL_ADMIN_KEY", PipelineRun.ADMIN_KEY);
    builder.environment().put("AUTHMAIL_NO_REBUILD", "1"); // the harness built it
    long start = System.nanoTime();
    Process process = builder.start();
    try (BufferedReader in = process.inputReader(StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("  console: ")) {
          double millis = (System.nanoTime() - start) / 1e6;
          double cpu = ProcCpu.seconds(process.pid()) * 1e3;
          process.destroy();
          if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
          }
          return new double[] {millis, cpu};
        }
      }
    } finally {
      process.destroyForcibly();
    }
    throw new IllegalStateException(
        "authmail serve ended before it was ready (exit " + process.waitFor() + ")");
  }
}
