package dev.authmail.connector.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authmail.connector.api.FormItem.Type;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Form items declared as options of spec keys, and metadata taking them from the spec. */
class ConfigSpecFormTest {

  @Test
  void anItemStartsFromItsKeyAndTheOptionsChangeTheRest() {
    ConfigSpec spec =
        ConfigSpec.builder()
            .string(
                "host",
                k -> k.required().form(f -> f.label("Host").placeholder("smtp.example.com")))
            .integer("port", k -> k.defaultValue(587).form(f -> f.label("Port")))
            .bool("secure", k -> k.defaultValue(false).form(f -> f.label("Implicit TLS")))
            .string("password", k -> k.secret().form(f -> f.label("Password")))
            .map("headers", k -> k.secret().form(f -> f.label("Headers")))
            .string("ca", k -> k.form(f -> f.label("CA").type(Type.MultilineText)))
            .string(
                "mode",
                k -> k.oneOf("a", "b").form(f -> f.label("Mode").select("a", "A").select("b", "B")))
            .string("notInForm", k -> k.description("set in files only"))
            .build();

    List<FormItem> items = spec.formItems();

    assertThat(items)
        .extracting(FormItem::key)
        .containsExactly("host", "port", "secure", "password", "headers", "ca", "mode");
    assertThat(items)
        .extracting(FormItem::type)
        .containsExactly(
            Type.Text,
            Type.Number,
            Type.Switch,
            Type.Text,
            Type.Json,
            Type.MultilineText,
            Type.Select);
    assertThat(items.get(0).required()).isTrue();
    assertThat(items.get(0).placeholder()).isEqualTo("smtp.example.com");
    assertThat(items.get(1).defaultValue()).isEqualTo(587L);
    assertThat(items.get(2).defaultValue()).isEqualTo(false);
    assertThat(items.get(3).confidential()).as("a secret text is confidential").isTrue();
    assertThat(items.get(4).confidential()).as("Logto: only Text items are confidential").isFalse();
    assertThat(items.get(6).selectItems())
        .extracting(FormItem.SelectItem::title)
        .containsExactly("A", "B");
  }

  @Test
  void metadataTakesTheSpecsItemsInFormOrder() {
    ConfigSpec spec =
        ConfigSpec.builder()
            .string("fromEmail", k -> k.form(f -> f.label("From")))
            .objects("templates", ConfigSpec.open(), k -> k.form(f -> f.label("Templates")))
            .string("apiKey", k -> k.required().secret().form(f -> f.label("API Key")))
            .formOrder("apiKey")
            .build();

    ConnectorMetadata metadata =
        ConnectorMetadata.builder("acme")
            .name("en", "Acme")
            .description("en", "Acme mail")
            .form(spec)
            .build();

    assertThat(metadata.formItems())
        .extracting(FormItem::key)
        .containsExactly("apiKey", "fromEmail", "templates");
    assertThat(spec.keys())
        .extracting(ConfigKey::name)
        .as("the spec keeps its declaration order")
        .containsExactly("fromEmail", "templates", "apiKey");
  }

  @Test
  void anItemNeedsALabelAndFormOrderNamesOnlyItems() {
    assertThatThrownBy(
            () -> ConfigSpec.builder().string("host", k -> k.form(f -> f.placeholder("x"))).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("host")
        .hasMessageContaining("label");
    assertThatThrownBy(() -> ConfigSpec.builder().string("host", k -> {}).formOrder("host").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("formOrder names host");
  }
}
