package dev.authmail.runtime.domain;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A DNS server on 127.0.0.1 (UDP, a free port) that answers from records the test adds, built on
 * dnsjava's message classes: NOERROR with the records of the name and type, NOERROR and no answer
 * for a known name without that type, NXDOMAIN for an unknown name, SERVFAIL for names marked
 * broken.
 */
public final class DnsTestServer implements AutoCloseable {
  private final DatagramSocket socket;
  private final Map<Name, List<Record>> records = new ConcurrentHashMap<>();
  private final Map<Name, Boolean> broken = new ConcurrentHashMap<>();
  private final Thread thread;

  public DnsTestServer() throws SocketException {
    socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    thread = new Thread(this::serve, "dns-test-server");
    thread.setDaemon(true);
    thread.start();
  }

  /** {@code 127.0.0.1:port}, for {@code --resolver}. */
  public String address() {
    return "127.0.0.1:" + socket.getLocalPort();
  }

  /**
   * Adds a record in zone-file form: name, type and data, e.g. {@code add("example.com", "MX", "10
   * mx.example.com.")}.
   */
  public DnsTestServer add(String name, String type, String data) {
    try {
      Name n = Name.fromString(name.endsWith(".") ? name : name + ".");
      Record record = Record.fromString(n, Type.value(type), DClass.IN, 300, data, Name.root);
      records.computeIfAbsent(n, k -> new ArrayList<>()).add(record);
      return this;
    } catch (IOException e) {
      throw new IllegalArgumentException(name + " " + type + " " + data + ": " + e.getMessage(), e);
    }
  }

  /** Adds a TXT record, split into 255-byte strings as a zone file would. */
  public DnsTestServer txt(String name, String text) {
    return add(name, "TXT", DnsText.zoneStrings(text));
  }

  /** Questions about this name are answered SERVFAIL. */
  public DnsTestServer breakName(String name) throws IOException {
    broken.put(Name.fromString(name + "."), true);
    return this;
  }

  private void serve() {
    byte[] buffer = new byte[4096];
    while (!socket.isClosed()) {
      try {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.receive(packet);
        Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
        byte[] answer = answer(query).toWire(65535);
        socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
      } catch (IOException e) {
        if (socket.isClosed()) {
          return;
        }
      }
    }
  }

  private Message answer(Message query) {
    Message response = new Message(query.getHeader().getID());
    response.getHeader().setFlag(Flags.QR);
    response.getHeader().setFlag(Flags.AA);
    Record question = query.getQuestion();
    response.addRecord(question, Section.QUESTION);
    if (broken.containsKey(question.getName())) {
      response.getHeader().setRcode(Rcode.SERVFAIL);
      return response;
    }
    List<Record> known = records.get(question.getName());
    if (known == null) {
      response.getHeader().setRcode(Rcode.NXDOMAIN);
      return response;
    }
    for (Record r : known) {
      if (r.getType() == question.getType()) {
        response.addRecord(r, Section.ANSWER);
      }
    }
    return response;
  }

  @Override
  public void close() throws InterruptedException {
    socket.close();
    thread.join(2000);
  }
}
