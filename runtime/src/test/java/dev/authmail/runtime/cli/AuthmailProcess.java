package dev.authmail.runtime.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the CLI the way a user does: {@code java -cp <the test class path>
 * dev.authmail.runtime.cli.Main args…} as a child process in a working directory, with the given
 * environment variables, bounded in time. The connectors are found by ServiceLoader on the class
 * path, as in the shipped jar.
 */
final class AuthmailProcess {
  /** The exit code and everything the process printed. */
  record Run(int exit, String out, String err) {}

  private static final long TIMEOUT_SECONDS = 60;

  private AuthmailProcess() {}

  /**
   * @param workDir the working directory; stdout and stderr are captured in files there
   * @param env variables set for the child on top of the inherited environment
   */
  static Run run(Path workDir, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Quicker start-up of a short-lived JVM on a busy machine; the code path is the
                // same.
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                classPath,
                "dev.authmail.runtime.cli.Main"));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(workDir, "stdout", ".txt");
    Path err = Files.createTempFile(workDir, "stderr", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    // A UTF-8 terminal, as a user reading Japanese subjects has.
    builder.environment().put("LC_ALL", "C.UTF-8");
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(
          "authmail did not finish within " + TIMEOUT_SECONDS + " s: " + String.join(" ", args));
    }
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
