package dev.authmail.connector.logtoemail;

import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.Payload;
import dev.authmail.connector.logtoemail.branding.Branding;
import dev.authmail.connector.logtoemail.i18n.Languages;
import dev.authmail.connector.logtoemail.template.EmailModel;
import java.util.Map;

/** Turns a platform's request into what the templates need. Stateless and thread-safe. */
final class EmailModels {
  private EmailModels() {}

  static EmailModel of(EmailRequest request, Branding branding, String defaultLanguage) {
    Payload payload = request.payload();
    String language =
        Languages.resolve(
            payload.locale().orElse(null), payload.uiLocales().orElse(null), defaultLanguage);
    return new EmailModel(
        request.type(),
        language,
        payload.code().orElse(null),
        payload.link().orElse(null),
        name(payload.organization()),
        name(payload.inviter()),
        branding,
        EmailModel.DEFAULT_EXPIRY_MINUTES);
  }

  private static String name(Map<String, Object> object) {
    return object.get("name") instanceof String s ? s : null;
  }
}
