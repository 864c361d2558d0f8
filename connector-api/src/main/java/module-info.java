/**
 * The SPI a connector implements and the types it receives. Every package is contract; the helpers
 * beside it are the module {@code dev.authmail.connector.toolkit}. On the class path (the runtime's
 * shaded jar, plugins) this descriptor is ignored and the same packages are shared by name.
 */
module dev.authmail.connector.api {
  exports dev.authmail.connector.api;
  exports dev.authmail.connector.api.template;
}
