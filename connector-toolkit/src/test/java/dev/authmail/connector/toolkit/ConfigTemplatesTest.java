package dev.authmail.connector.toolkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.authmail.connector.api.ConfigProblem;
import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.UsageType;
import dev.authmail.connector.api.template.EmailTemplate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTemplatesTest {
  private static final ConfigSpec SPEC =
      ConfigSpec.builder().objects("templates", ConfigTemplates.ENTRY, k -> {}).build();

  private static Map<String, Object> entry(String usageType) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("usageType", usageType);
    entry.put("contentType", "text/html");
    entry.put("subject", usageType + " {{code}}");
    entry.put("content", "<p>{{code}}</p>");
    return entry;
  }

  private static List<Map<String, Object>> logtos() {
    List<Map<String, Object>> list = new ArrayList<>();
    for (String type : List.of("Register", "SignIn", "ForgotPassword", "Generic")) {
      list.add(entry(type));
    }
    return list;
  }

  private static List<EmailTemplate> read(List<Map<String, Object>> templates) {
    ConnectorConfig config = SPEC.bind(Map.of("templates", templates));
    return ConfigTemplates.from(config, "templates");
  }

  @Test
  void readsLogtosTemplatesArray() {
    List<Map<String, Object>> list = logtos();
    Map<String, Object> sendGridStyle = entry("OrganizationInvitation");
    sendGridStyle.remove("contentType");
    sendGridStyle.put("type", "text/plain");
    sendGridStyle.put("replyTo", "support@example.com");
    list.add(sendGridStyle);

    List<EmailTemplate> templates = read(list);

    assertThat(templates)
        .extracting(EmailTemplate::usageType)
        .containsExactly(
            UsageType.Register,
            UsageType.SignIn,
            UsageType.ForgotPassword,
            UsageType.Generic,
            UsageType.OrganizationInvitation);
    assertThat(templates.get(1))
        .isEqualTo(
            new EmailTemplate(
                UsageType.SignIn,
                EmailTemplate.ContentType.HTML,
                "SignIn {{code}}",
                "<p>{{code}}</p>",
                null,
                null));
    assertThat(templates.get(4).contentType()).isEqualTo(EmailTemplate.ContentType.TEXT);
    assertThat(templates.get(4).replyTo()).isEqualTo("support@example.com");
  }

  @Test
  void aMissingContentTypeMeansHtml() {
    List<Map<String, Object>> list = logtos();
    list.get(0).remove("contentType");

    assertThat(read(list).get(0).contentType()).isEqualTo(EmailTemplate.ContentType.HTML);
  }

  @Test
  void missingRequiredTypesAreNamedInLogtosWords() {
    List<Map<String, Object>> list = logtos();
    list.remove(3);
    list.remove(1);

    ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> read(list));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
    assertThat(e.problems())
        .containsExactly(
            new ConfigProblem(
                "templates", "Template with UsageType (SignIn, Generic) should be provided!"));
  }

  @Test
  void noTemplatesAtAllNamesAllFour() {
    ConnectorException e =
        catchThrowableOfType(
            ConnectorException.class, () -> ConfigTemplates.from(SPEC.bind(Map.of()), "templates"));

    assertThat(e.getMessage())
        .isEqualTo(
            "templates: Template with UsageType (Register, SignIn, ForgotPassword, Generic) should"
                + " be provided!");
  }

  @Test
  void badEntriesAreAllNamedWithTheirIndex() {
    List<Map<String, Object>> list = logtos();
    list.get(1).put("contentType", "text/xml");
    list.get(2).put("contentType", "text/markdown");

    ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> read(list));

    assertThat(e.problems())
        .extracting(ConfigProblem::path)
        .containsExactly("templates[1].contentType", "templates[2].contentType");
    assertThat(e.problems().get(1).message())
        .isEqualTo("expected text/html or text/plain, got \"text/markdown\"");
  }

  @Test
  void anEntryWithAnUnknownUsageTypeIsAcceptedNeverUsedAndNamed() {
    List<Map<String, Object>> list = logtos();
    list.add(entry("Continue"));

    assertThat(read(list))
        .extracting(EmailTemplate::usageType)
        .containsExactly(
            UsageType.Register, UsageType.SignIn, UsageType.ForgotPassword, UsageType.Generic);
    assertThat(ConfigTemplates.unusedUsageTypes(SPEC.bind(Map.of("templates", list)), "templates"))
        .containsExactly("Continue");
  }

  @Test
  void theSpecNamesMissingSubjectAndContent() {
    Map<String, Object> bad = new LinkedHashMap<>(Map.of("usageType", "SignIn"));

    assertThat(SPEC.check(Map.of("templates", List.of(entry("Register"), bad))))
        .extracting(ConfigProblem::path)
        .containsExactly("templates[1].subject", "templates[1].content");
  }

  @Test
  void logtosDeprecatedTestEntryIsNeverUsedAndDoesNotStandInForGeneric() {
    List<Map<String, Object>> list = logtos();
    list.get(3).put("usageType", "Test"); // the Generic entry, renamed

    ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> read(list));

    assertThat(e.getMessage())
        .isEqualTo("templates: Template with UsageType (Generic) should be provided!");
  }

  @Test
  void aTestEntryListedFirstDoesNotOverrideGeneric() {
    List<Map<String, Object>> list = logtos();
    list.add(0, entry("Test"));

    assertThat(read(list))
        .extracting(EmailTemplate::usageType)
        .containsExactly(
            UsageType.Register, UsageType.SignIn, UsageType.ForgotPassword, UsageType.Generic);
  }

  @Test
  void optionalTemplatesAreEmptyWhenTheKeyIsAbsent() {
    assertThat(ConfigTemplates.optional(SPEC.bind(Map.of()), "templates")).isEmpty();
  }

  @Test
  void optionalTemplatesThatArePresentFollowLogtosRules() {
    ConnectorConfig full = SPEC.bind(Map.of("templates", logtos()));
    assertThat(ConfigTemplates.optional(full, "templates"))
        .extracting(EmailTemplate::usageType)
        .containsExactly(
            UsageType.Register, UsageType.SignIn, UsageType.ForgotPassword, UsageType.Generic);

    ConnectorException e =
        catchThrowableOfType(
            ConnectorException.class,
            () ->
                ConfigTemplates.optional(
                    SPEC.bind(Map.of("templates", List.of(entry("SignIn")))), "templates"));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
    assertThat(e.problems()).extracting(ConfigProblem::path).containsExactly("templates");
    assertThat(e.getMessage()).contains("Register, ForgotPassword, Generic");
  }
}
