package dev.authmail.runtime.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.toolkit.Json;
import dev.authmail.runtime.testing.PluginJars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugins built in the test, loaded from a plugins directory next to the built-in connectors. */
class PluginsTest {
  @TempDir Path dir;

  @Test
  void aPluginJarLoadsInItsOwnClassLoaderSharingOnlyTheSpi() throws Exception {
    // given a plugins directory with one jar that brings its own
    // com.fasterxml.jackson.databind.ObjectMapper
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    Path jar =
        PluginJars.build(
            plugins.resolve("file-drop.jar"),
            PluginJars.FILE_DROP,
            List.of("com.example.filedrop.FileDropFactory"),
            "1.4.2");

    // when the registry loads
    ConnectorRegistry registry = ConnectorRegistry.load(getClass().getClassLoader(), plugins);

    // then the plugin's factory is there beside the built-in ones, with its source and version
    ConnectorFactory factory = registry.get("file-drop");
    assertThat(registry.problems()).isEmpty();
    assertThat(registry.source(factory)).isEqualTo(new FactorySource(jar, "1.4.2"));
    assertThat(registry.source(registry.get("smtp")).builtIn()).isTrue();
    // and it saw its own Jackson stub, not the runtime's Jackson
    assertThat(factory.metadata().description().get("en")).endsWith("jackson from the plugin");
    // and the SPI class is the runtime's own (so the runtime can call it), nothing else is visible
    ClassLoader pluginLoader = factory.getClass().getClassLoader();
    assertThat(pluginLoader.loadClass(ConnectorFactory.class.getName()))
        .isSameAs(ConnectorFactory.class);
    // as are the helpers beside it (connector-toolkit), which the plugin uses without bundling them
    assertThat(pluginLoader.loadClass(Json.class.getName())).isSameAs(Json.class);
    assertThatThrownBy(() -> pluginLoader.loadClass("okhttp3.OkHttpClient"))
        .isInstanceOf(ClassNotFoundException.class);
    assertThatThrownBy(() -> pluginLoader.loadClass(ConnectorRegistry.class.getName()))
        .isInstanceOf(ClassNotFoundException.class);
    // and the built-in connectors' service files are not read twice through the plugin
    assertThat(registry.factories()).extracting(ConnectorFactory::id).doesNotHaveDuplicates();
  }

  @Test
  void aFolderOfJarsIsOnePlugin() throws Exception {
    // given a folder holding the factory's jar and, separately, the library it needs
    Path folder = Files.createDirectories(dir.resolve("plugins/file-drop"));
    PluginJars.build(
        folder.resolve("file-drop.jar"),
        java.util.Map.of(
            "com/example/filedrop/FileDropFactory.java",
            PluginJars.FILE_DROP.get("com/example/filedrop/FileDropFactory.java"),
            "com/fasterxml/jackson/databind/ObjectMapper.java",
            PluginJars.FILE_DROP.get("com/fasterxml/jackson/databind/ObjectMapper.java")),
        List.of("com.example.filedrop.FileDropFactory"),
        "2.0");
    Files.createDirectories(folder.resolve("lib"));
    PluginJars.build(
        folder.resolve("lib/stub-jackson.jar"),
        java.util.Map.of(
            "com/fasterxml/jackson/databind/ObjectMapper.java",
            PluginJars.FILE_DROP.get("com/fasterxml/jackson/databind/ObjectMapper.java")),
        List.of(),
        "1");

    ConnectorRegistry registry =
        ConnectorRegistry.load(getClass().getClassLoader(), dir.resolve("plugins"));

    assertThat(registry.problems()).isEmpty();
    assertThat(registry.source(registry.get("file-drop")))
        .isEqualTo(new FactorySource(folder, "2.0"));
  }

  @Test
  void brokenPluginsAreReportedWithTheirPathAndSkippedWhileTheRestLoads() throws Exception {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    // a good plugin
    PluginJars.build(
        plugins.resolve("a-good.jar"),
        PluginJars.FILE_DROP,
        List.of("com.example.filedrop.FileDropFactory"),
        "1");
    // a file called .jar that is not one
    Path bad = Files.writeString(plugins.resolve("b-bad.jar"), "not a zip file");
    // a service file naming a class the jar lacks
    Path missing =
        PluginJars.build(
            plugins.resolve("c-missing.jar"),
            PluginJars.named("missing", "missing-one"),
            List.of("com.example.missing.NoSuchFactory"),
            "1");
    // a factory whose constructor throws
    Path throwing =
        PluginJars.build(
            plugins.resolve("d-throwing.jar"),
            PluginJars.THROWING,
            List.of("com.example.throwing.ThrowingFactory"),
            "1");
    // a factory claiming a built-in id
    Path duplicate =
        PluginJars.build(
            plugins.resolve("e-duplicate.jar"),
            PluginJars.named("dup", "smtp"),
            List.of("com.example.dup.NamedFactory"),
            "1");
    // a folder without jars
    Path empty = Files.createDirectories(plugins.resolve("f-empty"));
    // and a README, which is not a plugin
    Files.writeString(plugins.resolve("README.txt"), "plugins go here");

    ConnectorRegistry registry = ConnectorRegistry.load(getClass().getClassLoader(), plugins);

    assertThat(registry.find("file-drop")).isPresent();
    assertThat(registry.get("smtp").id()).isEqualTo("simple-mail-transfer-protocol");
    assertThat(registry.conflicts()).isEmpty();
    assertThat(registry.problems())
        .extracting(LoadProblem::plugin)
        .containsExactly(bad, missing, throwing, duplicate, empty);
    assertThat(registry.problems())
        .extracting(LoadProblem::toString)
        .satisfiesExactly(
            p ->
                assertThat(p)
                    .startsWith("plugin " + bad + ": ")
                    .contains("not a readable jar file: b-bad.jar"),
            p ->
                assertThat(p)
                    .contains("com.example.missing.NoSuchFactory")
                    .contains("was not found"),
            p ->
                assertThat(p)
                    .contains("com.example.throwing.ThrowingFactory")
                    .contains("no licence key found"),
            p ->
                assertThat(p)
                    .contains("com.example.dup.NamedFactory")
                    .contains("\"smtp\" is already taken"),
            p -> assertThat(p).contains("holds no .jar file"));
  }

  @Test
  void aPluginsDirectoryThatDoesNotExistIsAProblemNotAFailure() {
    ConnectorRegistry registry =
        ConnectorRegistry.load(getClass().getClassLoader(), dir.resolve("nope"));

    assertThat(registry.problems())
        .singleElement()
        .hasToString("plugin " + dir.resolve("nope") + ": the plugins directory does not exist");
    assertThat(registry.find("smtp")).isPresent();
  }
}
