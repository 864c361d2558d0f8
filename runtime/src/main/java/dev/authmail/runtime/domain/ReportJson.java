package dev.authmail.runtime.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A report as the API and {@code authmail domain check --json} show it (one shape for both). */
public final class ReportJson {
  private ReportJson() {}

  public static Map<String, Object> of(DomainDoctor.Report report) {
    List<Object> checks = new ArrayList<>();
    for (Finding f : report.findings()) {
      Map<String, Object> check = new LinkedHashMap<>();
      check.put("check", f.check());
      check.put("status", f.status().name().toLowerCase());
      check.put("found", f.found());
      check.put("detail", f.detail());
      if (f.fix() != null) {
        check.put(
            "fix",
            Map.of(
                "name",
                f.fix().name(),
                "type",
                f.fix().type(),
                "value",
                f.fix().value(),
                "zoneLine",
                f.fix().zoneLine()));
      } else {
        check.put("fix", null);
      }
      checks.add(check);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("domain", report.domain());
    out.put("status", report.status().name().toLowerCase());
    out.put("resolver", report.resolver());
    out.put("checks", checks);
    return out;
  }
}
