package dev.authmail.connector.toolkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import org.junit.jupiter.api.Test;

/**
 * The module descriptor (src/main/java/module-info.java), as the tests run it on the module path:
 * the toolkit reads the SPI (and passes it on, since its signatures carry SPI types) and nothing
 * else beyond the JDK.
 */
class ModuleDescriptorTest {
  @Test
  void theToolkitRequiresTheSpiOnlyAndExportsItsOnePackage() {
    ModuleDescriptor descriptor = Json.class.getModule().getDescriptor();

    assertThat(descriptor.name()).isEqualTo("dev.authmail.connector.toolkit");
    assertThat(descriptor.requires())
        .extracting(ModuleDescriptor.Requires::name)
        .containsExactlyInAnyOrder("java.base", "dev.authmail.connector.api");
    assertThat(descriptor.exports())
        .extracting(ModuleDescriptor.Exports::source)
        .containsExactly("dev.authmail.connector.toolkit");
  }
}
