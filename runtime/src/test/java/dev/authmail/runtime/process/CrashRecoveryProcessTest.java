package dev.authmail.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5's crash test: {@code authmail serve} on SQLite as a child process, killed with SIGKILL
 * while 2,000 accepted messages are being delivered into GreenMail; restarted on the same data
 * directory, it delivers every accepted message. Duplicates are counted (by the Message-ID, the
 * same for every attempt of one message), and each one must be a message the outbox flagged
 * maybe-duplicate: only a send that may have been in progress at the kill is repeated.
 */
@Tag("process")
class CrashRecoveryProcessTest {
  private static final int MESSAGES = 2000;

  @TempDir Path dir;

  @Test
  void sigkillWhileMessagesAreInFlightLosesNoneAndRepeatsOnlyFlaggedSends() throws Exception {
    try (GreenMailDeliveries peer = new GreenMailDeliveries()) {
      // one SMTP connection: delivery is slower than accepting, so a queue builds up to be killed
      Path config = ProcessConfigs.smtp(dir, peer.port(), null, 1);
      Path data = dir.resolve("data");
      List<String> accepted;
      int receivedAtKill;
      try (ServeProcess first = ServeProcess.start(config, data, "first")) {
        accepted = Senders.send(List.of(new ProcessApi(first.url())), "crash", MESSAGES, 8);
        Senders.await(() -> peer.received() >= 100, 60);
        first.kill(); // SIGKILL, mid-delivery
        receivedAtKill = peer.received();
      }

      Map<String, Integer> counts;
      List<String> flagged = new ArrayList<>();
      try (ServeProcess restarted = ServeProcess.start(config, data, "restarted")) {
        Senders.await(() -> peer.countsByIdQuietly().keySet().containsAll(accepted), 90);
        counts = peer.countsById();
        ProcessApi api = new ProcessApi(restarted.url());
        for (String id : accepted) {
          if (api.message(id).get("maybeDuplicate").asBoolean()) {
            flagged.add(id);
          }
        }
      }

      Set<String> lost = new TreeSet<>(accepted);
      lost.removeAll(counts.keySet());
      Set<String> duplicated = new TreeSet<>();
      counts.forEach(
          (id, n) -> {
            if (n > 1) {
              duplicated.add(id);
            }
          });
      int copies = counts.values().stream().mapToInt(Integer::intValue).sum();
      System.out.printf(
          "crash test: accepted %d, delivered before SIGKILL %d (so %d still to deliver at the"
              + " kill), delivered %d distinct in %d copies, duplicates %d, flagged maybe-duplicate"
              + " %d, lost %d%n",
          accepted.size(),
          receivedAtKill,
          accepted.size() - receivedAtKill,
          counts.size(),
          copies,
          duplicated.size(),
          flagged.size(),
          lost.size());

      assertThat(accepted).hasSize(MESSAGES);
      assertThat(receivedAtKill)
          .as("the kill happened while messages were still to be delivered")
          .isLessThan(MESSAGES);
      assertThat(lost).as("accepted but never delivered").isEmpty();
      assertThat(flagged)
          .as("every duplicated message is flagged maybe-duplicate")
          .containsAll(duplicated);
    }
  }
}
