package io.uptake.phone;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Turns a canonical phone number into the key silver stores instead: HMAC-SHA256 of its E.164
 * text under a secret key, as 64 lower-case hex digits. Without the secret, a key cannot be turned
 * back into a number by trying all ~10⁹ Vietnamese mobile numbers, which an unkeyed hash would allow.
 *
 * <p>Serializable: the UDF carries it to executors. The key bytes never appear in {@link #toString}.
 */
public final class PhonePseudonymizer implements Serializable {
  private static final long serialVersionUID = 1L;
  /** RFC 2104 asks for a key at least as long as the hash output. */
  public static final int MIN_KEY_BYTES = 32;
  private static final byte[] KEY_ID_MESSAGE = "uptake phone key id".getBytes(StandardCharsets.UTF_8);

  private final byte[] key;
  private final String keyId;
  // Built on first use in each JVM (the key travels, the digests do not); read-only after, so shared by threads.
  private transient volatile Pads pads;

  /** @throws IllegalArgumentException when the key is shorter than {@value #MIN_KEY_BYTES} bytes */
  public PhonePseudonymizer(byte[] key) {
    this(key, MIN_KEY_BYTES);
  }

  // Package-private: RFC 4231's test vectors use 20-byte keys.
  PhonePseudonymizer(byte[] key, int minBytes) {
    Objects.requireNonNull(key, "key");
    if (key.length < minBytes) {
      throw new IllegalArgumentException("a phone key needs at least " + minBytes + " bytes; this one has " + key.length);
    }
    this.key = key.clone();
    this.keyId = hex(KEY_ID_MESSAGE).substring(0, 16);
  }

  /** The pseudonym of a canonical number ({@code +84…}); null stays null (an anonymous install). */
  public String pseudonym(String e164) {
    return e164 == null ? null : hex(e164.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A public fingerprint of the key (the first 16 hex digits of its HMAC of a fixed text): tables
   * record it, so a run with another key is stopped before it mixes two kinds of pseudonym.
   */
  public String keyId() {
    return keyId;
  }

  String hex(byte[] message) {
    return HexFormat.of().formatHex(hmac(message));
  }

  /**
   * HMAC-SHA256 (RFC 2104) from digests primed with the key's inner and outer pads once: each
   * message then costs two SHA-256 blocks, not four, as {@code Mac} re-hashes a pad per call.
   */
  byte[] hmac(byte[] message) {
    Pads p = pads;
    if (p == null) {
      p = new Pads(key);
      pads = p;
    }
    MessageDigest inner = p.inner();
    inner.update(message);
    MessageDigest outer = p.outer();
    outer.update(inner.digest());
    return outer.digest();
  }

  /** SHA-256 states after the key's inner and outer pads; each use gets a copy. */
  private static final class Pads {
    private static final int BLOCK = 64;
    private final MessageDigest innerPrimed;
    private final MessageDigest outerPrimed;

    Pads(byte[] key) {
      byte[] k = key.length > BLOCK ? sha256().digest(key) : key;
      byte[] ipad = new byte[BLOCK];
      byte[] opad = new byte[BLOCK];
      for (int i = 0; i < BLOCK; i++) {
        byte b = i < k.length ? k[i] : 0;
        ipad[i] = (byte) (b ^ 0x36);
        opad[i] = (byte) (b ^ 0x5c);
      }
      innerPrimed = sha256();
      innerPrimed.update(ipad);
      outerPrimed = sha256();
      outerPrimed.update(opad);
    }

    MessageDigest inner() {
      return copy(innerPrimed);
    }

    MessageDigest outer() {
      return copy(outerPrimed);
    }

    private static MessageDigest copy(MessageDigest d) {
      try {
        return (MessageDigest) d.clone();
      } catch (CloneNotSupportedException e) {
        throw new IllegalStateException("The JVM's SHA-256 cannot be copied", e);
      }
    }

    private static MessageDigest sha256() {
      try {
        return MessageDigest.getInstance("SHA-256");
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("The JVM has no SHA-256", e);
      }
    }
  }

  /** Equal when the keys are equal (compared in constant time). */
  @Override
  public boolean equals(Object o) {
    return o instanceof PhonePseudonymizer p && MessageDigest.isEqual(key, p.key);
  }

  @Override
  public int hashCode() {
    return keyId.hashCode();
  }

  @Override
  public String toString() {
    return "PhonePseudonymizer[key id " + keyId + "]";
  }
}
