package dev.authmail.runtime.testing;

import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.toolkit.Json;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds plugin jars inside a test, as a third party would: Java sources compiled against
 * connector-api and connector-toolkit alone (nothing else of the runtime is on the compiler's class
 * path), a {@code META-INF/services} file, and a manifest with {@code Implementation-Version}.
 */
public final class PluginJars {
  private PluginJars() {}

  /**
   * A factory (package {@code com.example.filedrop}) with id {@code file-drop}: each send appends
   * {@code messageId to type code {"tenant":…}} as a line to {@code <config dir>/sent.txt}, the
   * JSON written with connector-toolkit's {@code Json}, which the jar does not bring: the runtime
   * shares it beside the SPI. Its description names where its {@code
   * com.fasterxml.jackson.databind.ObjectMapper} came from; the jar brings its own (a stub with a
   * method the real one lacks), so loading at all proves the plugin sees its own copy and not the
   * runtime's Jackson.
   */
  public static final Map<String, String> FILE_DROP =
      Map.of(
          "com/example/filedrop/FileDropFactory.java",
              """
              package com.example.filedrop;

              import com.fasterxml.jackson.databind.ObjectMapper;
              import dev.authmail.connector.api.ConfigSpec;
              import dev.authmail.connector.api.ConnectorConfig;
              import dev.authmail.connector.api.ConnectorContext;
              import dev.authmail.connector.api.ConnectorFactory;
              import dev.authmail.connector.api.ConnectorMetadata;
              import dev.authmail.connector.api.EmailConnector;
              import dev.authmail.connector.api.SendResult;
              import dev.authmail.connector.toolkit.Json;
              import java.io.IOException;
              import java.io.UncheckedIOException;
              import java.nio.charset.StandardCharsets;
              import java.nio.file.Files;
              import java.nio.file.Path;
              import java.nio.file.StandardOpenOption;

              public final class FileDropFactory implements ConnectorFactory {
                private static final ConnectorMetadata METADATA =
                    ConnectorMetadata.builder("file-drop")
                        .name("en", "File drop")
                        .description(
                            "en", "writes each send to a file; jackson " + ObjectMapper.origin())
                        .build();

                @Override public ConnectorMetadata metadata() { return METADATA; }

                @Override public ConfigSpec configSpec() {
                  return ConfigSpec.builder()
                      .string("dir", k -> k.required().description("where sent.txt is written"))
                      .build();
                }

                @Override
                public EmailConnector create(ConnectorConfig config, ConnectorContext context) {
                  Path file = Path.of(config.requireString("dir")).resolve("sent.txt");
                  return request -> {
                    String line = request.messageId() + " " + request.to().value() + " "
                        + request.type().wireName() + " "
                        + request.payload().code().orElse("-") + " "
                        + Json.write(java.util.Map.of("tenant", context.tenant())) + "\\n";
                    try {
                      Files.writeString(file, line, StandardCharsets.UTF_8,
                          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                    return new SendResult("drop-" + request.messageId(), context.clock().instant());
                  };
                }
              }
              """,
          "com/fasterxml/jackson/databind/ObjectMapper.java",
              """
              package com.fasterxml.jackson.databind;

              /** The plugin's own "Jackson": a stub with a method the runtime's lacks. */
              public final class ObjectMapper {
                public static String origin() { return "from the plugin"; }
              }
              """);

  /** A factory with id {@code throwing} whose constructor throws. */
  public static final Map<String, String> THROWING =
      Map.of(
          "com/example/throwing/ThrowingFactory.java",
          """
          package com.example.throwing;

          import dev.authmail.connector.api.ConfigSpec;
          import dev.authmail.connector.api.ConnectorConfig;
          import dev.authmail.connector.api.ConnectorContext;
          import dev.authmail.connector.api.ConnectorFactory;
          import dev.authmail.connector.api.ConnectorMetadata;
          import dev.authmail.connector.api.EmailConnector;

          public final class ThrowingFactory implements ConnectorFactory {
            public ThrowingFactory() { throw new IllegalStateException("no licence key found"); }
            @Override public ConnectorMetadata metadata() { return null; }
            @Override public ConfigSpec configSpec() { return null; }
            @Override
            public EmailConnector create(ConnectorConfig config, ConnectorContext context) {
              return null;
            }
          }
          """);

  /**
   * A factory whose id is {@code id}, class {@code com.example.<pkg>.NamedFactory}: with a built-in
   * id it is a duplicate.
   */
  public static Map<String, String> named(String pkg, String id) {
    return Map.of(
        "com/example/" + pkg + "/NamedFactory.java",
        """
        package com.example.%s;

        import dev.authmail.connector.api.ConfigSpec;
        import dev.authmail.connector.api.ConnectorConfig;
        import dev.authmail.connector.api.ConnectorContext;
        import dev.authmail.connector.api.ConnectorFactory;
        import dev.authmail.connector.api.ConnectorMetadata;
        import dev.authmail.connector.api.EmailConnector;
        import dev.authmail.connector.api.SendResult;

        public final class NamedFactory implements ConnectorFactory {
          @Override public ConnectorMetadata metadata() {
            return ConnectorMetadata.builder("%s")
                .name("en", "%s")
                .description("en", "for tests")
                .build();
          }
          @Override public ConfigSpec configSpec() { return ConfigSpec.open(); }
          @Override public EmailConnector create(ConnectorConfig config, ConnectorContext context) {
            return request -> new SendResult(null, context.clock().instant());
          }
        }
        """
            .formatted(pkg, id, id));
  }

  /**
   * Compiles {@code sources} (path → text) against connector-api and writes {@code jar} with {@code
   * services} as the service file's lines and {@code version} as Implementation-Version.
   */
  public static Path build(
      Path jar, Map<String, String> sources, List<String> services, String version)
      throws IOException {
    // beside the jar, hidden: the plugins directory ignores names starting with a dot
    Path work =
        Files.createDirectories(
            jar.toAbsolutePath().resolveSibling("." + jar.getFileName() + "-build"));
    Path src = work.resolve("src");
    Path classes = Files.createDirectories(work.resolve("classes"));
    List<String> args =
        new ArrayList<>(
            List.of(
                "-d",
                classes.toString(),
                "-classpath",
                location(ConnectorFactory.class) + File.pathSeparator + location(Json.class),
                "-proc:none",
                "--release",
                "17"));
    for (Map.Entry<String, String> source : sources.entrySet()) {
      Path file = src.resolve(source.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, source.getValue(), StandardCharsets.UTF_8);
      args.add(file.toString());
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    if (compiler.run(null, null, null, args.toArray(String[]::new)) != 0) {
      throw new IllegalStateException("the plugin sources did not compile (see the test's output)");
    }
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
        Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        put(out, classes.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
      }
      if (!services.isEmpty()) {
        put(
            out,
            "META-INF/services/" + ConnectorFactory.class.getName(),
            (String.join("\n", services) + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    return jar;
  }

  private static void put(OutputStream stream, String name, byte[] bytes) throws IOException {
    JarOutputStream out = (JarOutputStream) stream;
    out.putNextEntry(new JarEntry(name));
    out.write(bytes);
    out.closeEntry();
  }

  /** Where a class's module is (its jar, or its target/classes in a reactor build). */
  private static String location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
