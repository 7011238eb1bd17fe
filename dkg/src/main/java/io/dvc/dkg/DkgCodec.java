package io.dvc.dkg;

import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSignature;
import io.dvc.spec.ssz.Bytes;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The wire format of {@link DkgMessage}s: one type byte, then fixed-size fields and big-endian
 * counts (u16 or u32). Decoding checks every count against the ceremony's n, t and number of
 * validators, so a peer cannot make us allocate more than a well-formed message would need.
 */
public final class DkgCodec {
  static final int MAX_SIGNATURE = 80;
  static final int MAX_REASON = 1000;
  private static final int HELLO = 1;
  private static final int DEAL = 2;
  private static final int SHARES = 3;
  private static final int VERDICT = 4;
  private static final int JUSTIFICATION = 5;
  private static final int DEPOSIT = 6;
  private static final int LOCK = 7;
  private static final int ABORT = 8;

  private final int operators;
  private final int threshold;
  private final int validators;

  /** A codec for a ceremony of n operators, threshold t and the given number of validators. */
  public DkgCodec(final int operators, final int threshold, final int validators) {
    this.operators = operators;
    this.threshold = threshold;
    this.validators = validators;
  }

  /** Thrown for any message that does not decode; the message says what was wrong. */
  public static final class MalformedMessageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedMessageException(final String message) {
      super(message);
    }
  }

  public static byte[] encode(final DkgMessage message) {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      if (message instanceof DkgMessage.Hello h) {
        out.writeByte(HELLO);
        out.write(h.definitionHash().toArray());
        out.write(h.nonce().toArray());
      } else if (message instanceof DkgMessage.Deal d) {
        out.writeByte(DEAL);
        out.write(dealBody(d.validators()));
        writeShort(out, d.signature().toArray());
      } else if (message instanceof DkgMessage.Shares s) {
        out.writeByte(SHARES);
        out.writeInt(s.count());
        out.write(s.scalars());
      } else if (message instanceof DkgMessage.Verdict v) {
        out.writeByte(VERDICT);
        out.writeShort(v.complaints().size());
        for (final int c : v.complaints()) {
          out.writeShort(c);
        }
        out.writeShort(v.echoes().size());
        for (final DkgMessage.Echo e : v.echoes()) {
          out.writeShort(e.dealer());
          out.write(e.digest().toArray());
          writeShort(out, e.signature().toArray());
        }
      } else if (message instanceof DkgMessage.Justification j) {
        out.writeByte(JUSTIFICATION);
        out.writeShort(j.revealed().size());
        for (final DkgMessage.Revealed r : j.revealed()) {
          out.writeShort(r.complainer());
          out.writeInt(r.scalars().length / Scalars.SIZE);
          out.write(r.scalars());
        }
      } else if (message instanceof DkgMessage.DepositPartials p) {
        out.writeByte(DEPOSIT);
        out.writeInt(p.partials().size());
        for (final BlsSignature s : p.partials()) {
          out.write(s.toBytes());
        }
      } else if (message instanceof DkgMessage.LockSignatures l) {
        out.writeByte(LOCK);
        out.write(l.lockHash().toArray());
        writeShort(out, l.operatorSignature().toArray());
        out.write(l.shareAggregate().toBytes());
      } else if (message instanceof DkgMessage.Abort a) {
        out.writeByte(ABORT);
        final String reason =
            a.reason().length() > MAX_REASON ? a.reason().substring(0, MAX_REASON) : a.reason();
        writeShort(out, reason.getBytes(StandardCharsets.UTF_8));
      }
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The bytes a dealer signs (with the session and its index, see {@link DealDigest}). */
  static byte[] dealBody(final List<DkgMessage.ValidatorDeal> deals) {
    final int t = deals.isEmpty() ? 0 : deals.get(0).commitments().size();
    final ByteBuffer out = ByteBuffer.allocate(4 + deals.size() * (1 + (t + 1) * 48 + 32));
    out.putInt(deals.size());
    for (final DkgMessage.ValidatorDeal d : deals) {
      if (d.commitments().size() != t) {
        throw new IllegalArgumentException("every validator needs the same number of commitments");
      }
      out.put((byte) t);
      d.commitments().forEach(c -> out.put(c.toBytes()));
      out.put(d.proof().commitment().toBytes());
      out.put(d.proof().response().toArray());
    }
    return out.array();
  }

  private static void writeShort(final DataOutputStream out, final byte[] bytes)
      throws IOException {
    out.writeShort(bytes.length);
    out.write(bytes);
  }

  /** Decodes one message of this ceremony. */
  public DkgMessage decode(final byte[] bytes) {
    final ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      final DkgMessage message = decode(in);
      if (in.hasRemaining()) {
        throw new MalformedMessageException(in.remaining() + " trailing bytes");
      }
      return message;
    } catch (final BufferUnderflowException e) {
      throw new MalformedMessageException("truncated");
    } catch (final IllegalArgumentException e) {
      throw new MalformedMessageException(e.getMessage());
    }
  }

  private DkgMessage decode(final ByteBuffer in) {
    final int type = in.get();
    return switch (type) {
      case HELLO -> new DkgMessage.Hello(bytes(in, 32), bytes(in, 32));
      case DEAL -> new DkgMessage.Deal(deals(in), shortBytes(in, MAX_SIGNATURE));
      case SHARES -> new DkgMessage.Shares(raw(in, count(in.getInt(), validators) * 32));
      case VERDICT -> verdict(in);
      case JUSTIFICATION -> justification(in);
      case DEPOSIT -> {
        final int count = count(in.getInt(), validators);
        final List<BlsSignature> partials = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          partials.add(BlsSignature.fromBytes(raw(in, BlsSignature.SIZE)));
        }
        yield new DkgMessage.DepositPartials(partials);
      }
      case LOCK ->
          new DkgMessage.LockSignatures(
              bytes(in, 32),
              shortBytes(in, MAX_SIGNATURE),
              BlsSignature.fromBytes(raw(in, BlsSignature.SIZE)));
      case ABORT ->
          new DkgMessage.Abort(
              new String(shortBytes(in, MAX_REASON * 4).toArray(), StandardCharsets.UTF_8));
      default -> throw new MalformedMessageException("unknown message type " + type);
    };
  }

  private List<DkgMessage.ValidatorDeal> deals(final ByteBuffer in) {
    final int count = count(in.getInt(), validators);
    final List<DkgMessage.ValidatorDeal> deals = new ArrayList<>(count);
    for (int v = 0; v < count; v++) {
      final int t = in.get() & 0xFF;
      if (t != threshold) {
        throw new MalformedMessageException(
            "validator " + v + " has " + t + " commitments, threshold is " + threshold);
      }
      final List<BlsPublicKey> commitments = new ArrayList<>(t);
      for (int k = 0; k < t; k++) {
        commitments.add(BlsPublicKey.fromBytes(raw(in, BlsPublicKey.SIZE)));
      }
      final BlsPublicKey r = BlsPublicKey.fromBytes(raw(in, BlsPublicKey.SIZE));
      deals.add(new DkgMessage.ValidatorDeal(commitments, new SchnorrProof(r, bytes(in, 32))));
    }
    return deals;
  }

  private DkgMessage.Verdict verdict(final ByteBuffer in) {
    final int complaintCount = count(in.getShort() & 0xFFFF, operators);
    final List<Integer> complaints = new ArrayList<>(complaintCount);
    for (int i = 0; i < complaintCount; i++) {
      complaints.add(operatorIndex(in));
    }
    final int echoCount = count(in.getShort() & 0xFFFF, operators);
    final List<DkgMessage.Echo> echoes = new ArrayList<>(echoCount);
    for (int i = 0; i < echoCount; i++) {
      echoes.add(
          new DkgMessage.Echo(operatorIndex(in), bytes(in, 32), shortBytes(in, MAX_SIGNATURE)));
    }
    return new DkgMessage.Verdict(complaints, echoes);
  }

  private DkgMessage.Justification justification(final ByteBuffer in) {
    final int count = count(in.getShort() & 0xFFFF, operators);
    final List<DkgMessage.Revealed> revealed = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      final int complainer = operatorIndex(in);
      revealed.add(
          new DkgMessage.Revealed(complainer, raw(in, count(in.getInt(), validators) * 32)));
    }
    return new DkgMessage.Justification(revealed);
  }

  private int operatorIndex(final ByteBuffer in) {
    final int index = in.getShort() & 0xFFFF;
    if (index < 1 || index > operators) {
      throw new MalformedMessageException("operator index " + index + " outside 1.." + operators);
    }
    return index;
  }

  private static int count(final int count, final int max) {
    if (count < 0 || count > max) {
      throw new MalformedMessageException("count " + count + " exceeds " + max);
    }
    return count;
  }

  private static Bytes shortBytes(final ByteBuffer in, final int max) {
    return Bytes.of(raw(in, count(in.getShort() & 0xFFFF, max)));
  }

  private static Bytes bytes(final ByteBuffer in, final int length) {
    return Bytes.of(raw(in, length));
  }

  private static byte[] raw(final ByteBuffer in, final int length) {
    final byte[] out = new byte[length];
    in.get(out);
    return out;
  }
}
