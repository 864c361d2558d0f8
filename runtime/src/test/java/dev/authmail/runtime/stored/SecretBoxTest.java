package dev.authmail.runtime.stored;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxTest {
  @TempDir Path dir;

  @Test
  void sealsAndOpensWithTheSameKeyOnly() {
    SecretBox box = SecretBox.random();

    String sealed = box.seal("hunter2");

    assertThat(sealed).startsWith("enc:v1:").doesNotContain("hunter2");
    assertThat(box.seal("hunter2")).isNotEqualTo(sealed); // a fresh nonce every time
    assertThat(box.open(sealed)).isEqualTo("hunter2");
    assertThatThrownBy(() -> SecretBox.random().open(sealed))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("AUTHMAIL_SECRET_KEY");
  }

  @Test
  void theKeyComesFromTheEnvironment() {
    byte[] key = new byte[32];
    key[0] = 7;
    Map<String, String> env = Map.of(SecretBox.ENV, Base64.getEncoder().encodeToString(key));

    String sealed = SecretBox.fromEnvironment(env, dir).seal("x");

    assertThat(SecretBox.of(key).open(sealed)).isEqualTo("x");
    assertThat(dir.resolve(SecretBox.KEY_FILE)).doesNotExist();
    assertThatThrownBy(() -> SecretBox.fromEnvironment(Map.of(SecretBox.ENV, "c2hvcnQ="), dir))
        .hasMessageContaining("32");
  }

  @Test
  void withoutTheEnvironmentAKeyFileIsGeneratedOnceForTheOwnerOnly() throws Exception {
    String sealed = SecretBox.fromEnvironment(Map.of(), dir).seal("kept");

    Path file = dir.resolve(SecretBox.KEY_FILE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(SecretBox.fromEnvironment(Map.of(), dir).open(sealed)).isEqualTo("kept");
  }
}
