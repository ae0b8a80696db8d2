package io.uptake.phone;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a canonical phone number into the key silver stores instead: HMAC-SHA256 of its E.164
 * text under a secret key, as 64 lower-case hex digits. Without the secret, a key cannot be turned
 * back into a number by trying all ~10⁹ Vietnamese mobile numbers, which an unkeyed hash would allow.
 *
 * <p>Serializable: the UDF carries it to executors. The key bytes never appear in {@link #toString}.
 */
public final class PhonePseudonymizer implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final String ALGORITHM = "HmacSHA256";
  /** RFC 2104 asks for a key at least as long as the hash output. */
  public static final int MIN_KEY_BYTES = 32;
  private static final byte[] KEY_ID_MESSAGE = "uptake phone key id".getBytes(StandardCharsets.UTF_8);

  private final byte[] key;
  private final String keyId;
  private transient ThreadLocal<Mac> mac;

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
    if (mac == null) {
      mac = ThreadLocal.withInitial(this::newMac);
    }
    return HexFormat.of().formatHex(mac.get().doFinal(message));
  }

  private Mac newMac() {
    try {
      Mac m = Mac.getInstance(ALGORITHM);
      m.init(new SecretKeySpec(key, ALGORITHM));
      return m;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The JVM has no " + ALGORITHM, e);
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
