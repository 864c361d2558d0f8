package dev.authmail.runtime.console;

import dev.authmail.runtime.api.RouteGroup;
import dev.authmail.runtime.node.ServeModule;
import dev.authmail.runtime.outbox.Outbox;
import dev.authmail.runtime.preview.EmailPreviewer;
import java.util.List;

/**
 * The console as a part of {@code authmail serve}: its pages and preview routes ({@link
 * ConsoleRoutes}). One of {@code ServiceNode.MODULES}.
 */
public final class ConsoleModule implements ServeModule {
  private final ConsoleRoutes routes;

  ConsoleModule(ConsoleRoutes routes) {
    this.routes = routes;
  }

  @Override
  public List<RouteGroup> routes(Outbox outbox) {
    return List.of(routes);
  }

  /** Makes the module from what serve has: the registry, the platform sender, the environment. */
  public static ConsoleModule create(Environment environment) {
    EmailPreviewer previewer =
        new EmailPreviewer(
            environment.registry(),
            environment.config().platform().fromAddress(),
            environment.clock(),
            environment.env()::get);
    return new ConsoleModule(new ConsoleRoutes(previewer));
  }
}
