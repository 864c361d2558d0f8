package dev.authmail.runtime.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code authmail serve} as child processes on one data directory: the embedded database's start-up
 * refusals are one line each, with the fix, and a fresh data directory is private.
 */
@Tag("process")
class StorageStartupProcessTest {
  @TempDir Path dir;

  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    processes.forEach(Process::destroyForcibly);
  }

  @Test
  void aSecondServeOnTheSameDataDirectoryIsRefusedInOneLineAndTheFilesArePrivate()
      throws Exception {
    Process first = start();
    String banner = readUntil(first, "  console: ");
    assertThat(banner).contains("serving");
    Path data = dir.resolve("data");
    assertThat(mode(data)).isEqualTo("rwx------");
    assertThat(mode(data.resolve("authmail.db"))).isEqualTo("rw-------");
    assertThat(mode(data.resolve("authmail.db-wal"))).isEqualTo("rw-------");
    assertThat(mode(data.resolve("secret.key"))).isEqualTo("rw-------");

    Process second = start();
    List<String> refusal = finish(second);

    assertThat(second.exitValue()).isNotZero();
    assertThat(refusal)
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .startsWith(
                        "error: the database " + data.resolve("authmail.db").toAbsolutePath())
                    .contains("in use by another running authmail node (pid " + first.pid() + ")")
                    .contains("--data"));
    assertThat(first.isAlive()).isTrue();
    first.destroy();
    assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aZeroByteDatabaseIsRefusedInOneLineAndLeftAsItWas() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Path db = Files.createFile(data.resolve("authmail.db"));

    Process serve = start();
    List<String> refusal = finish(serve);

    assertThat(serve.exitValue()).isNotZero();
    assertThat(refusal)
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .startsWith(
                        "error: the database " + db.toAbsolutePath() + " is empty (0 bytes)")
                    .contains("restore it from a backup"));
    assertThat(Files.size(db)).isZero();
  }

  private Process start() throws IOException {
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classPath,
                "dev.authmail.runtime.cli.Main",
                "serve",
                "--port",
                "0",
                "--host",
                "127.0.0.1",
                "--data",
                dir.resolve("data").toString())
            .directory(dir.toFile())
            .redirectErrorStream(true);
    builder.environment().put("AUTHMAIL_ADMIN_KEY", "storage-startup-admin-key-0123456789");
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  /** The output up to and including the first line starting with {@code prefix}. */
  private static String readUntil(Process process, String prefix) throws IOException {
    StringBuilder out = new StringBuilder();
    var in = process.inputReader(StandardCharsets.UTF_8);
    String line;
    while ((line = in.readLine()) != null) {
      out.append(line).append('\n');
      if (line.startsWith(prefix)) {
        return out.toString();
      }
    }
    throw new AssertionError("serve ended before \"" + prefix + "\": " + out);
  }

  /** The lines a process that should stop at once printed, without log lines. */
  private static List<String> finish(Process process) throws Exception {
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("ended within 60 s").isTrue();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return out.lines()
        .filter(l -> !l.startsWith("["))
        .toList(); // slf4j-simple's lines start with [thread]
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
