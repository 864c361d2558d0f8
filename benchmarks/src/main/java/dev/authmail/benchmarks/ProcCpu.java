package dev.authmail.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time a process has used (user + system), from {@code /proc/PID/stat} (Linux): on a shared
 * 2-core machine, CPU per message is a steadier figure than messages per second.
 */
final class ProcCpu {
  /** Clock ticks per second of /proc's times (USER_HZ, 100 on Linux). */
  private static final double TICKS_PER_SECOND = 100.0;

  private ProcCpu() {}

  /** CPU seconds used so far by the process, or NaN where /proc is not readable. */
  static double seconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // after "pid (comm) ": state is field 3, utime 14, stime 15 (1-based in proc(5))
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }
}
