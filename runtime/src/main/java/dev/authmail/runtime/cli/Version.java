package dev.authmail.runtime.cli;

import dev.authmail.runtime.api.ApiServer;
import picocli.CommandLine;

/** {@code authmail --version}: the project version, written into the jar at build time. */
final class Version implements CommandLine.IVersionProvider {
  static String version() {
    return ApiServer.projectVersion();
  }

  @Override
  public String[] getVersion() {
    return new String[] {
      "authmail " + version(),
      "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
    };
  }
}
