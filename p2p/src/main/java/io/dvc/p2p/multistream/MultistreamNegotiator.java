package io.dvc.p2p.multistream;

import io.dvc.p2p.util.MalformedInputException;
import io.dvc.p2p.util.Varint;
import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * multistream-select 1.0 as a state machine without I/O, in the initiator or the listener role.
 * Every message is an unsigned varint length, then UTF-8 text ending in '\n'. Limits stated up
 * front: a message is at most {@value #MAX_MESSAGE_LENGTH} bytes, and a listener answers at most
 * {@value #MAX_PROPOSALS} proposals before giving up.
 *
 * <p>Call {@link #start()} once and send its bytes, then {@link #feed} every inbound buffer and
 * send {@link Step#toSend()}. Bytes after the final message stay unread in the buffer: they belong
 * to the selected protocol.
 */
public final class MultistreamNegotiator {
  public static final String PROTOCOL_ID = "/multistream/1.0.0";
  public static final String NOT_AVAILABLE = "na";
  public static final int MAX_MESSAGE_LENGTH = 1024;
  public static final int MAX_PROPOSALS = 16;

  /** Where the negotiation stands after a step. */
  public enum Status {
    IN_PROGRESS,
    SELECTED,
    FAILED
  }

  /** Output of one step: bytes to write (possibly empty), status and the selected protocol. */
  public record Step(byte[] toSend, Status status, String protocol, String failure) {}

  private final boolean initiator;
  private final Deque<String> proposals;
  private final Set<String> supported;
  private boolean headerReceived;
  private int proposalsSeen;
  private Status status = Status.IN_PROGRESS;

  private MultistreamNegotiator(
      final boolean initiator, final List<String> proposals, final Set<String> supported) {
    this.initiator = initiator;
    this.proposals = new ArrayDeque<>(proposals);
    this.supported = supported;
  }

  /** The dialer side: proposes each protocol in order until the listener echoes one. */
  public static MultistreamNegotiator initiator(final List<String> proposals) {
    if (proposals.isEmpty()) {
      throw new IllegalArgumentException("no protocol to propose");
    }
    return new MultistreamNegotiator(true, proposals, Set.of());
  }

  /** The listener side: echoes the first supported proposal, answers "na" to the rest. */
  public static MultistreamNegotiator listener(final Set<String> supported) {
    return new MultistreamNegotiator(false, List.of(), Set.copyOf(supported));
  }

  public byte[] start() {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeMessage(out, PROTOCOL_ID);
    if (initiator) {
      writeMessage(out, proposals.peekFirst());
    }
    return out.toByteArray();
  }

  public Status status() {
    return status;
  }

  /** Consumes complete messages from {@code in}; stops right after the selection. */
  public Step feed(final ByteBuf in) {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (status != Status.IN_PROGRESS) {
      return new Step(new byte[0], status, null, "negotiation already finished");
    }
    try {
      while (status == Status.IN_PROGRESS) {
        final String message = readMessage(in);
        if (message == null) {
          break;
        }
        final String selected =
            initiator ? onInitiatorMessage(message, out) : onListenerMessage(message, out);
        if (selected != null) {
          status = Status.SELECTED;
          return new Step(out.toByteArray(), status, selected, null);
        }
      }
      return new Step(out.toByteArray(), status, null, null);
    } catch (final MalformedInputException e) {
      status = Status.FAILED;
      return new Step(out.toByteArray(), status, null, e.getMessage());
    }
  }

  private String onInitiatorMessage(final String message, final ByteArrayOutputStream out) {
    if (!headerReceived) {
      expectHeader(message);
      return null;
    }
    final String proposed = proposals.peekFirst();
    if (message.equals(proposed)) {
      return proposed;
    }
    if (!message.equals(NOT_AVAILABLE)) {
      throw new MalformedInputException(
          "multistream: unexpected answer '" + abbreviate(message) + "'");
    }
    proposals.removeFirst();
    if (proposals.isEmpty()) {
      throw new MalformedInputException(
          "multistream: no proposed protocol is supported by the peer");
    }
    writeMessage(out, proposals.peekFirst());
    return null;
  }

  private String onListenerMessage(final String message, final ByteArrayOutputStream out) {
    if (!headerReceived) {
      expectHeader(message);
      return null;
    }
    if (++proposalsSeen > MAX_PROPOSALS) {
      throw new MalformedInputException("multistream: more than " + MAX_PROPOSALS + " proposals");
    }
    if (supported.contains(message)) {
      writeMessage(out, message);
      return message;
    }
    writeMessage(out, NOT_AVAILABLE);
    return null;
  }

  private void expectHeader(final String message) {
    if (!message.equals(PROTOCOL_ID)) {
      throw new MalformedInputException(
          "multistream: expected header, got '" + abbreviate(message) + "'");
    }
    headerReceived = true;
  }

  private static String readMessage(final ByteBuf in) {
    final int start = in.readerIndex();
    final long length = Varint.tryRead(in, 2);
    if (length == Varint.NEED_MORE) {
      return null;
    }
    if (length == 0 || length > MAX_MESSAGE_LENGTH) {
      throw new MalformedInputException("multistream: message length " + length + " out of range");
    }
    if (in.readableBytes() < length) {
      in.readerIndex(start);
      return null;
    }
    final byte[] bytes = new byte[(int) length];
    in.readBytes(bytes);
    if (bytes[bytes.length - 1] != '\n') {
      throw new MalformedInputException("multistream: message does not end in newline");
    }
    return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
  }

  private static void writeMessage(final ByteArrayOutputStream out, final String message) {
    final byte[] bytes = (message + "\n").getBytes(StandardCharsets.UTF_8);
    out.writeBytes(Varint.encode(bytes.length));
    out.writeBytes(bytes);
  }

  private static String abbreviate(final String s) {
    final String clean = s.replaceAll("[^\\x20-\\x7e]", "?");
    return clean.length() > 64 ? clean.substring(0, 64) + "..." : clean;
  }
}
