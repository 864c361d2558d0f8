package dev.authmail.connector.toolkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {
  @Test
  void fillsPlaceholdersWithOrWithoutSpaces() {
    Map<String, Object> data = Map.of("code", "123456");

    assertThat(Placeholders.render("{{code}} / {{ code }} / {{   code\t}}", data))
        .isEqualTo("123456 / 123456 / 123456");
  }

  @Test
  void followsNestedPaths() {
    Map<String, Object> data =
        Map.of("organization", Map.of("name", "Acme", "branding", Map.of("color", "#fff")));

    assertThat(Placeholders.render("{{ organization.name }} {{organization.branding.color}}", data))
        .isEqualTo("Acme #fff");
  }

  @Test
  void anAbsentRootLeavesThePlaceholderAsWritten() {
    assertThat(Placeholders.render("Hi {{ user.name }}, code {{code}}", Map.of("code", "1")))
        .isEqualTo("Hi {{ user.name }}, code 1");
  }

  @Test
  void anAbsentOrNullLeafBecomesEmpty() {
    Map<String, Object> user = new HashMap<>();
    user.put("email", null);
    Map<String, Object> data = Map.of("user", user, "organization", Map.of());

    assertThat(
            Placeholders.render(
                "[{{user.name}}][{{user.email}}][{{organization.id}}][{{user.name.first}}]", data))
        .isEqualTo("[][][][]");
  }

  @Test
  void aNullRootValueBecomesEmpty() {
    Map<String, Object> data = new HashMap<>();
    data.put("link", null);

    assertThat(Placeholders.render("<{{link}}>", data)).isEqualTo("<>");
  }

  @Test
  void objectsAndListsAreWrittenAsJson() {
    Map<String, Object> data = Map.of("user", Map.of("roles", List.of("a", "b")));

    assertThat(Placeholders.render("{{user.roles}}", data)).isEqualTo("[\"a\",\"b\"]");
  }

  @Test
  void escapesValuesInHtmlOnly() {
    Map<String, Object> data =
        Map.of("user", Map.of("name", "<script>alert('x')</script> & \"co\""));

    assertThat(Placeholders.renderHtml("<p>{{user.name}}</p>", data))
        .isEqualTo("<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;</p>");
    assertThat(Placeholders.render("{{user.name}}", data))
        .isEqualTo("<script>alert('x')</script> & \"co\"");
  }

  @Test
  void valuesWithRegexSpecialsAreInsertedLiterally() {
    assertThat(Placeholders.render("{{code}}", Map.of("code", "$1\\2"))).isEqualTo("$1\\2");
  }

  @Test
  void leavesMalformedPlaceholdersAlone() {
    assertThat(Placeholders.render("{{ }} {{code-x}} {code} {{{code}}}", Map.of("code", "1")))
        .isEqualTo("{{ }} {{code-x}} {code} {1}");
    assertThat(Placeholders.render(null, Map.of())).isNull();
  }

  @Test
  void numbersAndBooleansAreWrittenAsText() {
    assertThat(Placeholders.render("{{n}} {{b}}", Map.of("n", 42, "b", true))).isEqualTo("42 true");
  }

  @Test
  void aMultiLineValueBecomesEscapedLinesInHtml() {
    Map<String, Object> data =
        Map.of(
            "user",
            Map.of(
                "profile",
                Map.of("address", Map.of("formatted", "1 <Main> St\r\nSpringfield\nUSA"))));

    assertThat(Placeholders.renderHtml("<p>{{user.profile.address.formatted}}</p>", data))
        .isEqualTo("<p>1 &lt;Main&gt; St<br>Springfield<br>USA</p>");
  }
}
