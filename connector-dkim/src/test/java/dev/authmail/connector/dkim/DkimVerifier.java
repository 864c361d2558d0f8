package dev.authmail.connector.dkim;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's python3-dkim (installed by {@code .ci/run}) over a message: the independent
 * verifier of every DKIM test. Shared with connector-smtp and the runtime through this module's
 * test jar.
 */
public final class DkimVerifier {
  /** Debian's interpreter, which sees the python3-dkim package (a pyenv one on PATH may not). */
  public static final Path PYTHON = Path.of("/usr/bin/python3");

  private DkimVerifier() {}

  /** What the verifier said: its exit status and one line per signature. */
  public record Result(int exitCode, String output) {
    public boolean passed() {
      return exitCode == 0;
    }
  }

  /** Verifies {@code message} with the DNS records of {@code keys} (their public parts). */
  public static Result verify(byte[] message, List<DkimKey> keys)
      throws IOException, InterruptedException {
    java.util.Map<String, String> records = new java.util.LinkedHashMap<>();
    keys.forEach(key -> records.put(key.recordName(), key.txtRecord()));
    return verify(message, records);
  }

  /** Verifies {@code message} with these TXT records (name to text), as DNS would serve them. */
  public static Result verify(byte[] message, java.util.Map<String, String> records)
      throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("dkimverify");
    try {
      Path script = dir.resolve("dkimverify.py");
      try (InputStream in = DkimVerifier.class.getResourceAsStream("dkimverify.py")) {
        Files.copy(in, script);
      }
      Path file = dir.resolve("message.eml");
      Files.write(file, message);
      List<String> command =
          new ArrayList<>(List.of(PYTHON.toString(), script.toString(), file.toString()));
      records.forEach((name, txt) -> command.add(name + "=" + txt));
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("dkimverify did not finish in 60 s");
      }
      return new Result(process.exitValue(), output.strip());
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Two keys that the tests sign with: RSA 2048 and Ed25519, for {@code domain}. */
  public static List<DkimKey> testKeys(String domain) {
    return List.of(
        new DkimKey(
            domain,
            "rsa2026",
            DkimAlgorithm.RSA_SHA256,
            DkimAlgorithm.RSA_SHA256.generate().getPrivate(),
            DkimKey.DEFAULT_HEADERS),
        new DkimKey(
            domain,
            "ed2026",
            DkimAlgorithm.ED25519_SHA256,
            DkimAlgorithm.ED25519_SHA256.generate().getPrivate(),
            DkimKey.DEFAULT_HEADERS));
  }
}
