package dev.authmail.connector.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import org.junit.jupiter.api.Test;

/**
 * The module descriptor (src/main/java/module-info.java), as the tests run it on the module path:
 * the SPI is a named module that requires nothing but java.base and exports exactly its contract
 * packages.
 */
class ModuleDescriptorTest {
  @Test
  void theSpiIsANamedModuleExportingItsContractPackagesOnly() {
    Module module = ConnectorFactory.class.getModule();

    assertThat(module.isNamed()).as("tests run on the module path").isTrue();
    ModuleDescriptor descriptor = module.getDescriptor();
    assertThat(descriptor.name()).isEqualTo("dev.authmail.connector.api");
    assertThat(descriptor.requires())
        .extracting(ModuleDescriptor.Requires::name)
        .containsExactly("java.base");
    assertThat(descriptor.exports())
        .extracting(ModuleDescriptor.Exports::source)
        .containsExactlyInAnyOrder(
            "dev.authmail.connector.api", "dev.authmail.connector.api.template");
    assertThat(descriptor.exports()).allMatch(e -> !e.isQualified());
  }
}
