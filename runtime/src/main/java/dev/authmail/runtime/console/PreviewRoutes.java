package dev.authmail.runtime.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.authmail.connector.api.UsageType;
import dev.authmail.runtime.api.ApiContext;
import dev.authmail.runtime.api.ApiErrors;
import dev.authmail.runtime.api.ApiRouter;
import dev.authmail.runtime.api.Schemas;
import dev.authmail.runtime.api.Scope;
import dev.authmail.runtime.preview.EmailPreviewer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/preview}: one email of the built-in service rendered exactly as it would be
 * sent, with the branding given (saved or not yet saved), and {@code GET /api/preview/options}: the
 * usage types and built-in languages to choose from. Rendering is {@link EmailPreviewer}'s: the
 * SPI, the registry's {@code logto-email} factory, a transport that keeps the email.
 */
final class PreviewRoutes {
  private final EmailPreviewer previewer;

  PreviewRoutes(EmailPreviewer previewer) {
    this.previewer = previewer;
  }

  void register(ApiRouter router) {
    router.schema(
        "Preview",
        Schemas.object(
            "type",
            Schemas.string(),
            "language",
            Schemas.string("The built-in language it is written in"),
            "from?",
            Schemas.string("The platform's sender address"),
            "fromName?",
            Schemas.string(),
            "subject",
            Schemas.string(),
            "html?",
            Schemas.string(),
            "text",
            Schemas.string()));
    router
        .post("/api/preview", Scope.TENANT, this::preview)
        .tag("console")
        .summary("Renders one email of the built-in service (logto-email) as it would be sent")
        .description(
            "Sample values (code 123456). The branding is the service's config (senderName,"
                + " companyInformation, appLogo), checked exactly as when a connector is saved:"
                + " problems answer 400 connector.invalid_config with a detail per key.")
        .request(
            Schemas.object(
                "type",
                Schemas.enumOf(typeNames()),
                "locale?",
                Schemas.string("The user's language tag, e.g. fr-CA; default en"),
                "branding?",
                Schemas.anyObject()))
        .response(200, "The rendered email", Schemas.ref("Preview"))
        .response(400, "Invalid type, locale or branding", Schemas.ref("Error"));
    router
        .get("/api/preview/options", Scope.TENANT, this::options)
        .tag("console")
        .summary("The usage types and built-in languages a preview can show")
        .response(
            200,
            "Types and languages",
            Schemas.object(
                "types",
                Schemas.arrayOf(Schemas.string()),
                "languages",
                Schemas.arrayOf(Schemas.string()),
                "from",
                Schemas.string("The platform's fixed sender address")));
  }

  private void preview(ApiContext ctx) {
    ObjectNode body = ctx.bodyObject();
    UsageType type = type(body.get("type"));
    String locale = null;
    JsonNode localeNode = body.get("locale");
    if (localeNode != null && !localeNode.isNull()) {
      if (!localeNode.isTextual()) {
        throw ApiErrors.guard("locale", "must be a language tag such as en or fr-CA");
      }
      locale = localeNode.asText();
    }
    Map<String, Object> branding = Map.of();
    JsonNode brandingNode = body.get("branding");
    if (brandingNode != null && !brandingNode.isNull()) {
      if (!brandingNode.isObject()) {
        throw ApiErrors.guard(
            "branding", "must be an object of senderName, companyInformation and appLogo");
      }
      branding = ctx.mapper().convertValue(brandingNode, LinkedHashMap.class);
    }
    ctx.json(previewer.render(branding, type, locale));
  }

  private void options(ApiContext ctx) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("types", List.of(typeNames()));
    answer.put("languages", previewer.languages());
    answer.put("from", previewer.platformSender().value());
    ctx.json(answer);
  }

  private static UsageType type(JsonNode node) {
    if (node == null || !node.isTextual()) {
      throw ApiErrors.guard("type", "is required: one of " + UsageType.valid());
    }
    try {
      return UsageType.parse(node.asText());
    } catch (IllegalArgumentException e) {
      throw ApiErrors.guard("type", e.getMessage());
    }
  }

  private static String[] typeNames() {
    return Arrays.stream(UsageType.values()).map(UsageType::wireName).toArray(String[]::new);
  }
}
