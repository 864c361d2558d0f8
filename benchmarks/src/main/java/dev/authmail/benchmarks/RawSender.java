package dev.authmail.benchmarks;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The baseline: a plain pooled Jakarta Mail sender configured like the product's SMTP connector
 * (the same number of pooled connections, the three timeouts with a shared write-timeout executor,
 * the StreamProvider system property of docs/design/field-notes.md), sending small messages
 * straight to the sink. One thread per pooled connection, each connection reused for every message
 * it sends.
 */
final class RawSender {
  private RawSender() {}

  /** Sends {@code count} messages over {@code connections} connections; returns messages/s. */
  static double run(int port, int count, int connections) throws Exception {
    ScheduledExecutorService writeTimeouts =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "raw-write-timeout");
              t.setDaemon(true);
              return t;
            });
    Properties p = new Properties();
    p.put("mail.smtp.host", "127.0.0.1");
    p.put("mail.smtp.port", String.valueOf(port));
    p.put("mail.smtp.connectiontimeout", "10000");
    p.put("mail.smtp.timeout", "10000");
    p.put("mail.smtp.writetimeout", "30000");
    p.put("mail.smtp.executor.writetimeout", writeTimeouts);
    p.put("mail.smtp.quitwait", "false");
    Session session = Session.getInstance(p);
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    for (int c = 0; c < connections; c++) {
      Thread thread =
          new Thread(
              () -> {
                try (Transport transport = session.getTransport("smtp")) {
                  transport.connect();
                  for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    MimeMessage message = message(session, i);
                    try {
                      transport.sendMessage(message, new Address[] {message.getAllRecipients()[0]});
                    } catch (MessagingException e) {
                      failures.incrementAndGet();
                    }
                  }
                } catch (MessagingException e) {
                  throw new IllegalStateException(e);
                }
              },
              "raw-sender-" + c);
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    writeTimeouts.shutdownNow();
    if (failures.get() > 0) {
      System.out.println("  raw sender: " + failures.get() + " sends failed");
    }
    return count / seconds;
  }

  private static MimeMessage message(Session session, int i) throws MessagingException {
    MimeMessage message = new MimeMessage(session);
    message.setFrom(new InternetAddress("noreply@example.com"));
    message.setRecipient(
        Message.RecipientType.TO, new InternetAddress("user" + i + "@example.com"));
    message.setSubject("Your sign-in code");
    message.setText(
        "Your code is " + String.format("%06d", i % 1_000_000) + ". It expires in 10 minutes.",
        "UTF-8");
    return message;
  }
}
