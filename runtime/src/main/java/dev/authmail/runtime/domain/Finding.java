package dev.authmail.runtime.domain;

import java.util.Objects;

/**
 * One check of the doctor: what it checked, its verdict, what DNS holds, why it matters and the
 * record that fixes it.
 *
 * @param check {@code mx}, {@code spf}, {@code dkim:SELECTOR} or {@code dmarc}
 * @param found what DNS holds, or {@code null} when nothing
 * @param fix the record to publish, or {@code null} when nothing needs to change
 */
public record Finding(String check, Status status, String found, String detail, Fix fix) {
  /**
   * Pass, warn (works, but weaker than it should be), fail (mail may be refused or land in spam).
   */
  public enum Status {
    PASS,
    WARN,
    FAIL
  }

  /**
   * A DNS record to publish: name, type, value (one text; a zone file splits it every 255 bytes).
   */
  public record Fix(String name, String type, String value) {
    public Fix {
      Objects.requireNonNull(name, "name is null");
      Objects.requireNonNull(type, "type is null");
      Objects.requireNonNull(value, "value is null");
    }

    /** The record as one zone-file line. */
    public String zoneLine() {
      return name
          + ". IN "
          + type
          + " "
          + (type.equals("TXT") ? DnsText.zoneStrings(value) : value);
    }
  }

  public Finding {
    Objects.requireNonNull(check, "check is null");
    Objects.requireNonNull(status, "status is null");
    Objects.requireNonNull(detail, "detail is null");
  }
}
