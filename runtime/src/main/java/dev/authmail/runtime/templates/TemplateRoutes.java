package dev.authmail.runtime.templates;

import dev.authmail.runtime.api.ApiContext;
import dev.authmail.runtime.api.ApiErrors;
import dev.authmail.runtime.api.ApiRouter;
import dev.authmail.runtime.api.Bodies;
import dev.authmail.runtime.api.InvalidInput;
import dev.authmail.runtime.api.RouteGroup;
import dev.authmail.runtime.api.Schemas;
import dev.authmail.runtime.api.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Logto's stored i18n email templates, {@code /api/email-templates}, as docs/api.md lists them. */
public final class TemplateRoutes implements RouteGroup {
  private final EmailTemplates templates;

  public TemplateRoutes(EmailTemplates templates) {
    this.templates = Objects.requireNonNull(templates, "templates is null");
  }

  @Override
  public void register(ApiRouter router) {
    Map<String, Object> details =
        Schemas.object(
            "subject",
            Schemas.string(),
            "content",
            Schemas.string(),
            "contentType?",
            Schemas.enumOf("text/html", "text/plain"),
            "replyTo?",
            Schemas.string(),
            "sendFrom?",
            Schemas.string());
    router.schema("EmailTemplateDetails", details);
    router.schema(
        "EmailTemplate",
        Schemas.object(
            "id",
            Schemas.string(),
            "tenantId",
            Schemas.string(),
            "languageTag",
            Schemas.string(),
            "templateType",
            Schemas.string(),
            "details",
            Schemas.ref("EmailTemplateDetails"),
            "createdAt",
            Schemas.dateTime(),
            "updatedAt",
            Schemas.dateTime()));
    router
        .put("/api/email-templates", Scope.ADMIN, Bodies.guarded(this::upsert))
        .tag("email-templates")
        .summary("Inserts or replaces templates by (languageTag, templateType), all or none")
        .request(
            Schemas.object(
                "templates",
                Schemas.arrayOf(
                    Schemas.object(
                        "languageTag",
                        Schemas.string(),
                        "templateType",
                        Schemas.string(),
                        "details",
                        Schemas.ref("EmailTemplateDetails")))))
        .response(200, "The stored templates", Schemas.arrayOf(Schemas.ref("EmailTemplate")))
        .response(400, "guard.invalid_input with one detail per field", Schemas.error());
    router
        .get("/api/email-templates", Scope.ADMIN, Bodies.guarded(this::list))
        .tag("email-templates")
        .summary("The tenant's templates, optionally of one language tag and/or type")
        .query("languageTag", "e.g. fr-CA")
        .query("templateType", "a usage type, e.g. SignIn")
        .response(200, "The templates", Schemas.arrayOf(Schemas.ref("EmailTemplate")));
    router
        .delete("/api/email-templates", Scope.ADMIN, Bodies.guarded(this::deleteWhere))
        .tag("email-templates")
        .summary("Deletes the templates of a language tag and/or type (a filter is required)")
        .query("languageTag", "e.g. fr-CA")
        .query("templateType", "a usage type, e.g. SignIn")
        .response(200, "How many were deleted", Schemas.object("rowCount", Schemas.integer()))
        .response(422, "No filter given", Schemas.error());
    router
        .get("/api/email-templates/{id}", Scope.ADMIN, this::get)
        .tag("email-templates")
        .summary("One template")
        .response(200, "The template", Schemas.ref("EmailTemplate"))
        .response(404, "No such template", Schemas.error());
    router
        .patch("/api/email-templates/{id}/details", Scope.ADMIN, Bodies.guarded(this::patch))
        .tag("email-templates")
        .summary("Shallow-merges into the template's details (null removes an optional key)")
        .request(Schemas.anyObject())
        .response(200, "The template", Schemas.ref("EmailTemplate"))
        .response(400, "guard.invalid_input with one detail per field", Schemas.error())
        .response(404, "No such template", Schemas.error());
    router
        .delete("/api/email-templates/{id}", Scope.ADMIN, this::delete)
        .tag("email-templates")
        .summary("Deletes one template")
        .response(204, "Deleted")
        .response(404, "No such template", Schemas.error());
  }

  private void upsert(ApiContext ctx) {
    Map<String, Object> body = Bodies.map(ctx);
    Object list = body.get("templates");
    if (!(list instanceof List<?> items)) {
      throw new InvalidInput("templates", "is required: [{languageTag, templateType, details}]");
    }
    List<EmailTemplates.Upsert> upserts = new ArrayList<>();
    List<dev.authmail.connector.api.ConfigProblem> problems = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      if (!(items.get(i) instanceof Map<?, ?> item)) {
        problems.add(
            new dev.authmail.connector.api.ConfigProblem(
                "templates[" + i + "]", "must be a JSON object"));
        continue;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> entry = (Map<String, Object>) item;
      String at = "templates[" + i + "]";
      try {
        upserts.add(
            new EmailTemplates.Upsert(
                Bodies.string(entry, "languageTag"),
                Bodies.string(entry, "templateType"),
                Bodies.object(entry, "details")));
      } catch (InvalidInput e) {
        e.problems().forEach(p -> problems.add(p.under(at)));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInput(problems);
    }
    ctx.json(templates.upsert(ctx.tenant(), upserts));
  }

  private void list(ApiContext ctx) {
    ctx.json(
        templates.list(
            ctx.tenant(), ctx.queryParam("languageTag"), ctx.queryParam("templateType")));
  }

  private void deleteWhere(ApiContext ctx) {
    String tag = ctx.queryParam("languageTag");
    String type = ctx.queryParam("templateType");
    if (tag == null && type == null) {
      throw ApiErrors.of(
          422,
          "guard.invalid_input",
          "Give languageTag and/or templateType; deleting every template at once is refused.");
    }
    ctx.json(Map.of("rowCount", templates.deleteWhere(ctx.tenant(), tag, type)));
  }

  private void get(ApiContext ctx) {
    ctx.json(
        templates.get(ctx.tenant(), ctx.pathParam("id")).orElseThrow(TemplateRoutes::notFound));
  }

  private void patch(ApiContext ctx) {
    Map<String, Object> changes = Bodies.map(ctx);
    ctx.json(
        templates
            .patchDetails(ctx.tenant(), ctx.pathParam("id"), changes)
            .orElseThrow(TemplateRoutes::notFound));
  }

  private void delete(ApiContext ctx) {
    if (!templates.delete(ctx.tenant(), ctx.pathParam("id"))) {
      throw notFound();
    }
    ctx.noContent();
  }

  private static RuntimeException notFound() {
    return ApiErrors.notFound("The tenant has no email template with this id.");
  }
}
