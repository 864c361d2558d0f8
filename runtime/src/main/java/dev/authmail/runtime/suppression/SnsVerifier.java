package dev.authmail.runtime.suppression;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Checks that an SNS message was signed by Amazon SNS: the signing certificate is fetched only from
 * an allowed origin (by default {@code https://sns.<region>.amazonaws.com}, so a forger cannot
 * point us at a certificate of their own), must be valid now, and must verify the signature over
 * {@link SnsMessage#stringToSign()} with SHA1withRSA (SignatureVersion 1) or SHA256withRSA (2). The
 * same origin rule guards the {@code SubscribeURL} we call to confirm a subscription. Certificates
 * are cached by URL. Thread-safe.
 */
final class SnsVerifier {
  /** Amazon SNS's endpoints, including the China regions. */
  static final Pattern AWS_ORIGINS =
      Pattern.compile("https://sns\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?");

  /**
   * The environment variable that replaces {@link #AWS_ORIGINS}, for tests that serve their own
   * certificate.
   */
  static final String ENV_ORIGINS = "AUTHMAIL_SNS_ORIGINS";

  private static final int MAX_CERTIFICATE_BYTES = 64 * 1024;
  private static final int MAX_CACHED = 64;

  /** Why a message is not believed; the message is safe to log (no address, no payload). */
  static final class Rejected extends Exception {
    private static final long serialVersionUID = 1L;

    Rejected(String message) {
      super(message, null, false, false);
    }
  }

  private final Pattern origins;
  private final HttpClient http;
  private final Clock clock;
  private final Map<String, X509Certificate> certificates = new ConcurrentHashMap<>();

  SnsVerifier(Pattern origins, HttpClient http, Clock clock) {
    this.origins = Objects.requireNonNull(origins, "origins is null");
    this.http = Objects.requireNonNull(http, "http is null");
    this.clock = Objects.requireNonNull(clock, "clock is null");
  }

  /**
   * @throws Rejected when the certificate URL is not allowed, the certificate cannot be fetched or
   *     is not valid now, or the signature does not verify
   */
  void verify(SnsMessage message) throws Rejected {
    String algorithm =
        switch (message.signatureVersion()) {
          case "1" -> "SHA1withRSA";
          case "2" -> "SHA256withRSA";
          default ->
              throw new Rejected("unsupported SignatureVersion " + message.signatureVersion());
        };
    URI certUrl = allowed(message.signingCertUrl(), "SigningCertURL");
    X509Certificate certificate = certificate(certUrl);
    try {
      certificate.checkValidity(Date.from(clock.instant()));
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(message.stringToSign().getBytes(StandardCharsets.UTF_8));
      if (!verifier.verify(Base64.getDecoder().decode(message.signature()))) {
        throw new Rejected("the signature does not match the message");
      }
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new Rejected("the signature cannot be verified: " + e.getClass().getSimpleName());
    }
  }

  /** The URL when its origin (scheme, host and port) is allowed. */
  URI allowed(String url, String field) throws Rejected {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new Rejected(field + " is not a URL");
    }
    String origin =
        uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    if (uri.getHost() == null
        || uri.getRawUserInfo() != null
        || !origins.matcher(origin).matches()) {
      throw new Rejected(field + " is not on an Amazon SNS host (" + origins.pattern() + ")");
    }
    return uri;
  }

  /**
   * Calls the SubscribeURL of a verified confirmation; SNS then starts delivering notifications.
   */
  void confirm(SnsMessage message) throws Rejected {
    URI url = allowed(message.subscribeUrl(), "SubscribeURL");
    try {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).GET().build(),
              HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() / 100 != 2) {
        throw new Rejected("confirming the subscription answered HTTP " + response.statusCode());
      }
    } catch (IOException e) {
      throw new Rejected("confirming the subscription failed: " + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Rejected("interrupted while confirming the subscription");
    }
  }

  private X509Certificate certificate(URI url) throws Rejected {
    X509Certificate cached = certificates.get(url.toString());
    if (cached != null) {
      return cached;
    }
    try {
      HttpResponse<InputStream> response =
          http.send(
              HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).GET().build(),
              HttpResponse.BodyHandlers.ofInputStream());
      byte[] pem;
      try (InputStream in = response.body()) {
        pem = in.readNBytes(MAX_CERTIFICATE_BYTES + 1);
      }
      if (response.statusCode() != 200 || pem.length > MAX_CERTIFICATE_BYTES) {
        throw new Rejected(
            "the signing certificate could not be fetched (HTTP " + response.statusCode() + ")");
      }
      X509Certificate certificate =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(pem));
      if (certificates.size() < MAX_CACHED) {
        certificates.put(url.toString(), certificate);
      }
      return certificate;
    } catch (IOException | GeneralSecurityException e) {
      throw new Rejected(
          "the signing certificate could not be fetched or read: " + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Rejected("interrupted while fetching the signing certificate");
    }
  }
}
