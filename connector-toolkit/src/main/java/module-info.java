/**
 * Helpers a connector may use beside the SPI: template rendering, config templates, JSON, HTTP
 * status mapping. Its signatures carry SPI types, so reading it reads the SPI.
 */
module dev.authmail.connector.toolkit {
  requires transitive dev.authmail.connector.api;

  exports dev.authmail.connector.toolkit;
}
