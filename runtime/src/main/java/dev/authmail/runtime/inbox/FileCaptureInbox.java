package dev.authmail.runtime.inbox;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.api.SendResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link CaptureInbox} that keeps one JSON file per email in a directory (by default {@code
 * ./data/inbox}). Each file is written to a temporary name, forced to disk, then moved into place
 * atomically, so a reader never sees half an email and a crash loses none that was acknowledged.
 * Ids sort by time ({@code 20261126101500123-4f9a2c}), which makes "newest first" a sort of file
 * names. Files are readable by their owner only, as they hold one-time codes.
 *
 * <p>Thread-safe; several processes may deliver into one directory.
 */
public final class FileCaptureInbox implements CaptureInbox {
  private static final Logger LOG = LoggerFactory.getLogger(FileCaptureInbox.class);
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path directory;
  private final EmailAddress defaultSender;
  private final Clock clock;
  private final InboxIds ids = new InboxIds();

  /**
   * @param directory where the files go; created on the first delivery
   * @param defaultSender the sender recorded when an email has none (the platform sender); may be
   *     {@code null}
   */
  public FileCaptureInbox(Path directory, EmailAddress defaultSender, Clock clock) {
    this.directory = Objects.requireNonNull(directory, "directory is null");
    this.defaultSender = defaultSender;
    this.clock = Objects.requireNonNull(clock, "clock is null");
  }

  public FileCaptureInbox(Path directory) {
    this(directory, null, Clock.systemUTC());
  }

  public Path directory() {
    return directory;
  }

  @Override
  public SendResult deliver(RenderedEmail email) {
    Instant now = clock.instant();
    String id = ids.next(now);
    Map<String, Object> json = CapturedEmail.of(id, now, email, defaultSender).toJson();
    try {
      write(id, JSON.writeValueAsBytes(json));
    } catch (IOException e) {
      throw new ConnectorException(
          ErrorCode.UNAVAILABLE,
          "the capture inbox cannot store the email in "
              + directory
              + ": "
              + e.getClass().getSimpleName(),
          e);
    }
    LOG.info("captured message {} as inbox email {}", email.messageId().orElse("(no id)"), id);
    return new SendResult(id, now);
  }

  @Override
  public List<CapturedEmail> list(int limit) {
    if (limit <= 0 || !Files.isDirectory(directory)) {
      return List.of();
    }
    List<String> ids;
    try (Stream<Path> files = Files.list(directory)) {
      ids =
          files
              .map(p -> p.getFileName().toString())
              .filter(name -> name.endsWith(".json"))
              .map(name -> name.substring(0, name.length() - ".json".length()))
              .filter(id -> InboxIds.ID.matcher(id).matches())
              .sorted(Comparator.reverseOrder())
              .toList();
    } catch (IOException e) {
      throw new ConnectorException(
          ErrorCode.UNAVAILABLE, "the capture inbox " + directory + " cannot be listed", e);
    }
    List<CapturedEmail> out = new ArrayList<>();
    for (String id : ids) {
      if (out.size() >= limit) {
        break;
      }
      get(id).ifPresent(out::add);
    }
    return out;
  }

  @Override
  public Optional<CapturedEmail> get(String id) {
    if (id == null || !InboxIds.ID.matcher(id).matches()) {
      return Optional.empty(); // also keeps ids like ../x away from the file system
    }
    Path file = directory.resolve(id + ".json");
    try {
      Map<String, Object> json =
          JSON.readValue(Files.readAllBytes(file), new TypeReference<Map<String, Object>>() {});
      return Optional.of(CapturedEmail.fromJson(json));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "capture inbox file {} is unreadable and skipped: {}",
          file,
          e.getClass().getSimpleName());
      return Optional.empty();
    }
  }

  private void write(String id, byte[] bytes) throws IOException {
    createDirectory();
    Path target = directory.resolve(id + ".json");
    Path temp = directory.resolve("." + id + ".json.tmp");
    try (FileChannel channel =
        FileChannel.open(
            temp,
            java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            fileAttributes("rw-------"))) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private void createDirectory() throws IOException {
    if (!Files.isDirectory(directory)) {
      Files.createDirectories(directory, fileAttributes("rwx------"));
    }
  }

  private static FileAttribute<?>[] fileAttributes(String permissions) {
    return POSIX
        ? new FileAttribute<?>[] {
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))
        }
        : new FileAttribute<?>[0];
  }

  @Override
  public String toString() {
    return "FileCaptureInbox[" + directory + "]";
  }
}
