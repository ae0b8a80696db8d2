package io.uptake.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 computed here with the JDK alone: an oracle for the pipeline's phone pseudonyms. */
public final class TestPhoneKeys {
  private TestPhoneKeys() {}

  /** A fixed 32-byte key for unit tests: 00 01 02 … 1f. */
  public static final byte[] KEY = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

  public static String hmac(byte[] key, String e164) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(e164.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /** The key a local run generated for a warehouse ({@code _uptake/phone.key}, hex). */
  public static byte[] generatedKey(String warehouse) {
    try {
      return HexFormat.of().parseHex(Files.readString(Path.of(warehouse, "_uptake", "phone.key")).strip());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
