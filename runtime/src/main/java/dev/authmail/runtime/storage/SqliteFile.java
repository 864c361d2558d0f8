package dev.authmail.runtime.storage;

import dev.authmail.runtime.storage.DatabaseFileException.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The embedded database's file, checked before SQLite opens it: SQLite itself would create a
 * missing directory's file as an empty database, treat a zero-byte file as an empty database, and
 * let a second process write the same file. Here each of those is refused with a message that names
 * the file and the fix, and the directory and files are made private to their owner (they hold
 * recipient addresses and one-time codes), whatever the umask.
 *
 * <p>One node per file: an exclusive lock on {@code <file>.lock}, held while the database is open,
 * tells a second {@code serve} on the same data directory that the first is running. The lock is
 * the operating system's, so it goes with the process (a SIGKILLed node leaves no stale lock).
 */
final class SqliteFile implements AutoCloseable {
  static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");
  private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER = 100;

  /**
   * Lock files this JVM holds. Checked before a second channel is opened on one: the kernel drops a
   * process's locks on a file when any of its descriptors for that file is closed.
   */
  private static final Set<Path> HELD = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private final Path path;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private SqliteFile(Path path, FileChannel lockChannel, FileLock lock) {
    this.path = path;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * The file of a {@code jdbc:sqlite:} URL ({@code jdbc:sqlite:PATH} or {@code
   * jdbc:sqlite:file:PATH?…}).
   */
  static Path pathOf(String url) {
    String rest = url.substring("jdbc:sqlite:".length());
    int query = rest.indexOf('?');
    if (query >= 0) {
      rest = rest.substring(0, query);
    }
    if (rest.startsWith("file:")) {
      rest = rest.substring("file:".length());
    }
    if (rest.isEmpty() || rest.equals(":memory:") || rest.contains("mode=memory")) {
      throw new IllegalArgumentException(
          "storage.url: an in-memory SQLite database is lost on every restart and"
              + " each connection would see its own; name a file, e.g. "
              + Database.DEFAULT_URL);
    }
    return Path.of(rest).toAbsolutePath().normalize();
  }

  /**
   * Checks the file and its directory, creates the directory when missing, and takes the lock.
   *
   * @throws DatabaseFileException when the database cannot be used as it is
   */
  static SqliteFile open(Path path) {
    Path dir = path.getParent();
    createPrivateDirectories(dir);
    if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
      throw new DatabaseFileException(
          Problem.NOT_WRITABLE,
          "the data directory "
              + dir
              + " is not writable by this user: give it to the user that runs authmail (chown), or"
              + " choose another with --data",
          null);
    }
    Path lockPath = path.resolveSibling(path.getFileName() + ".lock");
    if (!HELD.add(lockPath)) {
      throw locked(path, lockPath);
    }
    try {
      return lockAndCheck(path, lockPath);
    } catch (RuntimeException e) {
      HELD.remove(lockPath);
      throw e;
    }
  }

  private static DatabaseFileException locked(Path path, Path lockPath) {
    return new DatabaseFileException(
        Problem.LOCKED,
        "the database "
            + path
            + " is in use by another running"
            + " authmail node"
            + holder(lockPath)
            + ": stop that node first, or give this one its own --data directory"
            + " (several nodes share PostgreSQL, not a SQLite file)",
        null);
  }

  private static SqliteFile lockAndCheck(Path path, Path lockPath) {
    FileChannel channel;
    FileLock lock;
    try {
      channel =
          FileChannel.open(
              lockPath,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.READ);
      makePrivate(lockPath);
    } catch (IOException e) {
      throw new DatabaseFileException(
          Problem.NOT_WRITABLE,
          "cannot create "
              + lockPath
              + " ("
              + e.getMessage()
              + "): make the data directory writable by the user that runs authmail, or choose"
              + " another with --data",
          e);
    }
    try {
      lock = channel.tryLock();
    } catch (IOException | OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      closeQuietly(channel);
      throw locked(path, lockPath);
    }
    SqliteFile file = new SqliteFile(path, channel, lock);
    try {
      writeHolder(channel);
      file.checkContent();
      if (!Files.exists(path)) {
        // created here, private from the start: SQLite gives its -wal and -shm files the same mode
        Files.createFile(path, PosixFilePermissions.asFileAttribute(PRIVATE_FILE));
      }
      file.makeFilesPrivate();
      return file;
    } catch (IOException e) {
      file.release();
      throw new DatabaseFileException(
          Problem.NOT_WRITABLE,
          "cannot create the database "
              + path
              + " ("
              + e.getMessage()
              + "): make the data directory writable by the user that runs authmail",
          e);
    } catch (RuntimeException e) {
      file.release();
      throw e;
    }
  }

  Path path() {
    return path;
  }

  /**
   * Refuses a file that exists but is no database: zero bytes, not SQLite, or shorter than the page
   * count in its own header (truncated). SQLite would open the first as a new empty database and
   * read a truncated one until it hit the missing pages.
   */
  private void checkContent() throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    long size = Files.size(path);
    if (size == 0) {
      throw new DatabaseFileException(
          Problem.EMPTY,
          "the database "
              + path
              + " is empty (0 bytes): its data was lost (a failed copy or restore?); restore it"
              + " from a backup, or delete it (and any "
              + path.getFileName()
              + "-wal) to start with an empty database",
          null);
    }
    byte[] header = new byte[HEADER];
    int read;
    try (InputStream in = Files.newInputStream(path)) {
      read = in.readNBytes(header, 0, HEADER);
    }
    boolean magic =
        read == HEADER && java.util.Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    if (!magic) {
      throw corrupt(read < HEADER ? "truncated to " + size + " bytes" : "not a SQLite database");
    }
    ByteBuffer b = ByteBuffer.wrap(header);
    int pageSize = Short.toUnsignedInt(b.getShort(16));
    long bytesPerPage = pageSize == 1 ? 65_536 : pageSize;
    long pages = Integer.toUnsignedLong(b.getInt(28));
    // the header's page count is valid only when the change counter matches "version valid for"
    boolean countValid = b.getInt(24) == b.getInt(92) && pages > 0;
    if (countValid && pages * bytesPerPage > size) {
      throw corrupt("truncated: " + size + " bytes, its header says " + pages * bytesPerPage);
    }
  }

  private DatabaseFileException corrupt(String what) {
    return new DatabaseFileException(
        Problem.CORRUPT,
        "the database "
            + path
            + " is damaged ("
            + what
            + "):"
            + " restore it from a backup, or move it aside to start with an empty database",
        null);
  }

  /** The database, its -wal and -shm, owner read/write only. */
  void makeFilesPrivate() throws IOException {
    for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
      Path file = path.resolveSibling(path.getFileName() + suffix);
      if (Files.exists(file)) {
        makePrivate(file);
      }
    }
  }

  private static void createPrivateDirectories(Path dir) {
    try {
      if (Files.isDirectory(dir)) {
        return;
      }
      createPrivateDirectories(dir.getParent());
      if (posix()) {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
        Files.setPosixFilePermissions(dir, PRIVATE_DIR); // the umask may have taken bits away
      } else {
        Files.createDirectory(dir);
      }
    } catch (java.nio.file.FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir)) {
        throw new DatabaseFileException(
            Problem.NOT_WRITABLE,
            "the data directory "
                + dir
                + " is a file, not a"
                + " directory: move it aside, or choose another with --data",
            e);
      }
    } catch (IOException e) {
      throw new DatabaseFileException(
          Problem.NOT_WRITABLE,
          "cannot create the data directory "
              + dir
              + " ("
              + e.getMessage()
              + "): create it writable by the user that runs authmail, or choose another with"
              + " --data",
          e);
    }
  }

  private static void makePrivate(Path file) throws IOException {
    if (posix()) {
      Files.setPosixFilePermissions(file, PRIVATE_FILE);
    }
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  private static void writeHolder(FileChannel channel) throws IOException {
    byte[] pid = Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII);
    channel.truncate(0);
    channel.write(ByteBuffer.wrap(pid), 0);
  }

  private static String holder(Path lockPath) {
    try {
      String pid = Files.readString(lockPath, StandardCharsets.US_ASCII).strip();
      return pid.matches("\\d{1,10}") ? " (pid " + pid + ")" : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // nothing held
    }
  }

  @Override
  public void close() {
    release();
    HELD.remove(path.resolveSibling(path.getFileName() + ".lock"));
  }

  /** Releases the lock but leaves {@link #HELD} to the caller. */
  private void release() {
    try {
      lock.release();
    } catch (IOException e) {
      // the channel's close releases it too
    }
    closeQuietly(lockChannel);
  }
}
