package io.dvc.p2p.multiaddr;

import io.dvc.p2p.PeerId;
import io.dvc.p2p.util.MalformedInputException;
import io.dvc.p2p.util.Varint;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A multiaddr restricted to {@code /ip4 /ip6 /dns /dns4 /dns6 /tcp /p2p}, in binary (varint code,
 * then a fixed or varint-length-prefixed value) and text form.
 */
public record Multiaddr(List<Component> components) {

  /** The supported protocols with their multicodec codes; size -1 means length-prefixed. */
  public enum Protocol {
    IP4(4, 4, "ip4"),
    TCP(6, 2, "tcp"),
    IP6(41, 16, "ip6"),
    DNS(53, -1, "dns"),
    DNS4(54, -1, "dns4"),
    DNS6(55, -1, "dns6"),
    P2P(421, -1, "p2p");

    final int code;
    final int size;
    final String text;

    Protocol(final int code, final int size, final String text) {
      this.code = code;
      this.size = size;
      this.text = text;
    }

    static Protocol byCode(final long code) {
      for (final Protocol p : values()) {
        if (p.code == code) {
          return p;
        }
      }
      throw new MalformedInputException("multiaddr protocol code " + code + " unsupported");
    }

    static Protocol byName(final String name) {
      for (final Protocol p : values()) {
        if (p.text.equals(name)) {
          return p;
        }
      }
      throw new MalformedInputException("multiaddr protocol '" + name + "' unsupported");
    }
  }

  /** One protocol and its binary value. */
  public record Component(Protocol protocol, byte[] value) {
    public Component {
      value = value.clone();
    }

    String valueText() {
      return switch (protocol) {
        case IP4 ->
            (value[0] & 0xFF)
                + "."
                + (value[1] & 0xFF)
                + "."
                + (value[2] & 0xFF)
                + "."
                + (value[3] & 0xFF);
        case IP6 -> ip6Text(value);
        case TCP -> Integer.toString(((value[0] & 0xFF) << 8) | (value[1] & 0xFF));
        case DNS, DNS4, DNS6 -> new String(value, StandardCharsets.UTF_8);
        case P2P -> PeerId.fromBytes(value).toBase58();
      };
    }

    @Override
    public boolean equals(final Object o) {
      return o instanceof Component c
          && c.protocol == protocol
          && java.util.Arrays.equals(c.value, value);
    }

    @Override
    public int hashCode() {
      return protocol.hashCode() * 31 + java.util.Arrays.hashCode(value);
    }
  }

  public Multiaddr {
    components = List.copyOf(components);
  }

  public static Multiaddr fromString(final String text) {
    if (!text.startsWith("/")) {
      throw new MalformedInputException("multiaddr '" + text + "' must start with /");
    }
    final String[] parts = text.substring(1).split("/", -1);
    final List<Component> out = new ArrayList<>();
    int i = 0;
    while (i < parts.length) {
      final Protocol p = Protocol.byName(parts[i++]);
      if (i >= parts.length) {
        throw new MalformedInputException("multiaddr '" + text + "': " + p.text + " needs a value");
      }
      out.add(new Component(p, parseValue(p, parts[i++])));
    }
    return new Multiaddr(out);
  }

  private static byte[] parseValue(final Protocol p, final String v) {
    return switch (p) {
      case IP4 -> ip(v, 4);
      case IP6 -> ip(v, 16);
      case TCP -> {
        final int port;
        try {
          port = Integer.parseInt(v);
        } catch (final NumberFormatException e) {
          throw new MalformedInputException("tcp port '" + v + "' invalid");
        }
        if (port < 0 || port > 65535) {
          throw new MalformedInputException("tcp port " + port + " out of range");
        }
        yield new byte[] {(byte) (port >> 8), (byte) port};
      }
      case DNS, DNS4, DNS6 -> {
        if (v.isEmpty()) {
          throw new MalformedInputException("empty dns name");
        }
        yield v.getBytes(StandardCharsets.UTF_8);
      }
      case P2P -> PeerId.fromBase58(v).toBytes();
    };
  }

  private static byte[] ip(final String v, final int len) {
    if (len == 4) {
      final String[] parts = v.split("\\.", -1);
      if (parts.length != 4) {
        throw new MalformedInputException("ip4 address '" + v + "' invalid");
      }
      final byte[] out = new byte[4];
      for (int i = 0; i < 4; i++) {
        if (!parts[i].matches("[0-9]{1,3}") || Integer.parseInt(parts[i]) > 255) {
          throw new MalformedInputException("ip4 address '" + v + "' invalid");
        }
        out[i] = (byte) Integer.parseInt(parts[i]);
      }
      return out;
    }
    if (!v.contains(":") || !v.matches("[0-9a-fA-F:.]+")) {
      throw new MalformedInputException("ip6 address '" + v + "' invalid");
    }
    try {
      final byte[] b = InetAddress.getByName(v).getAddress();
      if (b.length != 16) {
        throw new MalformedInputException("ip6 address '" + v + "' invalid");
      }
      return b;
    } catch (final UnknownHostException e) {
      throw new MalformedInputException("ip6 address '" + v + "' invalid");
    }
  }

  /** RFC 5952 text: lower-case hex groups, the longest run of two or more zero groups as "::". */
  static String ip6Text(final byte[] b) {
    final int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
    }
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen && j - i >= 2) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    final StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString();
  }

  public static Multiaddr fromBytes(final byte[] bytes) {
    final List<Component> out = new ArrayList<>();
    final int[] pos = {0};
    while (pos[0] < bytes.length) {
      final Protocol p = Protocol.byCode(Varint.read(bytes, pos));
      final long size = p.size >= 0 ? p.size : Varint.read(bytes, pos);
      if (size > bytes.length - pos[0]) {
        throw new MalformedInputException("multiaddr " + p.text + " value truncated");
      }
      final byte[] v = java.util.Arrays.copyOfRange(bytes, pos[0], pos[0] + (int) size);
      pos[0] += (int) size;
      if (p == Protocol.P2P) {
        PeerId.fromBytes(v);
      }
      out.add(new Component(p, v));
    }
    return new Multiaddr(out);
  }

  public byte[] toBytes() {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (final Component c : components) {
      out.writeBytes(Varint.encode(c.protocol.code));
      if (c.protocol.size < 0) {
        out.writeBytes(Varint.encode(c.value.length));
      }
      out.writeBytes(c.value);
    }
    return out.toByteArray();
  }

  public static Multiaddr tcp(final InetSocketAddress address) {
    final byte[] ip = address.getAddress().getAddress();
    final Protocol p = ip.length == 4 ? Protocol.IP4 : Protocol.IP6;
    final int port = address.getPort();
    return new Multiaddr(
        List.of(
            new Component(p, ip),
            new Component(Protocol.TCP, new byte[] {(byte) (port >> 8), (byte) port})));
  }

  public Multiaddr withPeerId(final PeerId peerId) {
    final List<Component> c = new ArrayList<>(components);
    c.removeIf(x -> x.protocol == Protocol.P2P);
    c.add(new Component(Protocol.P2P, peerId.toBytes()));
    return new Multiaddr(c);
  }

  public Optional<PeerId> peerId() {
    return components.stream()
        .filter(c -> c.protocol == Protocol.P2P)
        .findFirst()
        .map(c -> PeerId.fromBytes(c.value));
  }

  /** The host and port to open a TCP connection to (unresolved for dns names). */
  public InetSocketAddress toSocketAddress() {
    String host = null;
    InetAddress ip = null;
    Integer port = null;
    for (final Component c : components) {
      switch (c.protocol) {
        case IP4, IP6 -> {
          try {
            ip = InetAddress.getByAddress(c.value);
          } catch (final UnknownHostException e) {
            throw new MalformedInputException("bad ip");
          }
        }
        case DNS, DNS4, DNS6 -> host = new String(c.value, StandardCharsets.UTF_8);
        case TCP -> port = ((c.value[0] & 0xFF) << 8) | (c.value[1] & 0xFF);
        default -> {}
      }
    }
    if (port == null || (ip == null && host == null)) {
      throw new MalformedInputException("multiaddr " + this + " is not a tcp address");
    }
    return ip != null
        ? new InetSocketAddress(ip, port)
        : InetSocketAddress.createUnresolved(host, port);
  }

  @Override
  public String toString() {
    final StringBuilder sb = new StringBuilder();
    for (final Component c : components) {
      sb.append('/').append(c.protocol.text).append('/').append(c.valueText());
    }
    return sb.toString();
  }
}
