package dev.authmail.runtime.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The configuration files of the process tests: tenant {@code default} on one SMTP connector. */
final class ProcessConfigs {
  private ProcessConfigs() {}

  /**
   * Writes {@code authmail.yaml} into {@code dir}: the default tenant sends through SMTP on
   * 127.0.0.1:{@code smtpPort} (loopback allowed), with Logto-style templates.
   *
   * @param storageUrl {@code null} for the embedded SQLite in the data directory
   * @param connections the connector's pool size (fewer: slower delivery, a longer queue)
   */
  static Path smtp(Path dir, int smtpPort, String storageUrl, int connections) throws IOException {
    String storage = storageUrl == null ? "" : "storage:\n  url: \"" + storageUrl + "\"\n";
    String yaml =
        storage
            + """
            network:
              allowPrivateAddresses: true
            tenants:
              default:
                email: [mail]
            connectors:
              mail:
                factory: smtp
                config:
                  host: 127.0.0.1
                  port: %d
                  fromEmail: noreply@example.com
                  ignoreTLS: true
                  connectionTimeout: 5000
                  greetingTimeout: 5000
                  socketTimeout: 10000
                  maxConnections: %d
                  templates:
                    - {usageType: Register, contentType: text/plain, subject: "Welcome",
                       content: "Your code is {{code}}"}
                    - {usageType: SignIn, contentType: text/plain, subject: "Your sign-in code",
                       content: "Your code is {{code}}"}
                    - {usageType: ForgotPassword, contentType: text/plain, subject: "Reset",
                       content: "Your code is {{code}}"}
                    - {usageType: Generic, contentType: text/plain, subject: "Your code",
                       content: "Your code is {{code}}"}
            """
                .formatted(smtpPort, connections);
    Path file = dir.resolve("authmail.yaml");
    Files.writeString(file, yaml);
    return file;
  }
}
