package io.uptake.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.uptake.testing.TestPhoneKeys;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PhonePseudonymizerTest {

  @Test
  void isHmacSha256AsRfc4231Defines() {
    byte[] key1 = new byte[20];
    Arrays.fill(key1, (byte) 0x0b);
    assertThat(new PhonePseudonymizer(key1, 1).pseudonym("Hi There"))
        .isEqualTo("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    assertThat(new PhonePseudonymizer("Jefe".getBytes(StandardCharsets.US_ASCII), 1).pseudonym("what do ya want for nothing?"))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  @Test
  void aKeyLongerThanTheBlockIsHashedFirstAsRfc4231Defines() {
    byte[] key = new byte[131];
    Arrays.fill(key, (byte) 0xaa);
    assertThat(new PhonePseudonymizer(key).pseudonym("Test Using Larger Than Block-Size Key - Hash Key First"))
        .isEqualTo("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  }

  @Test
  void equalsTheJvmsHmacForAnyKeyAndMessage() throws Exception {
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 500; i++) {
      byte[] key = new byte[32 + random.nextInt(100)];
      random.nextBytes(key);
      String message = "+84" + (100_000_000 + random.nextInt(900_000_000));
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
      PhonePseudonymizer p = new PhonePseudonymizer(key);
      assertThat(p.pseudonym(message)).as("key of %d bytes", key.length)
          .isEqualTo(HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8))))
          .isEqualTo(p.pseudonym(message));
    }
  }

  @Test
  void threadsShareOnePseudonymizer() throws Exception {
    PhonePseudonymizer p = new PhonePseudonymizer(TestPhoneKeys.KEY);
    java.util.List<java.util.concurrent.Callable<Boolean>> tasks = new java.util.ArrayList<>();
    for (int t = 0; t < 4; t++) {
      tasks.add(() -> {
        for (int i = 0; i < 2_000; i++) {
          String phone = "+8491" + (1_000_000 + i);
          if (!p.pseudonym(phone).equals(TestPhoneKeys.hmac(TestPhoneKeys.KEY, phone))) {
            return false;
          }
        }
        return true;
      });
    }
    var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      for (var f : pool.invokeAll(tasks)) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void aPhonesPseudonymIsStableAndDependsOnTheKey() {
    PhonePseudonymizer p = new PhonePseudonymizer(TestPhoneKeys.KEY);
    assertThat(p.pseudonym("+84912345678")).isEqualTo(TestPhoneKeys.hmac(TestPhoneKeys.KEY, "+84912345678"))
        .isEqualTo(p.pseudonym("+84912345678")).matches("[0-9a-f]{64}")
        .isNotEqualTo(p.pseudonym("+84912345679"));
    byte[] other = TestPhoneKeys.KEY.clone();
    other[0] ^= 1;
    PhonePseudonymizer q = new PhonePseudonymizer(other);
    assertThat(q.pseudonym("+84912345678")).isNotEqualTo(p.pseudonym("+84912345678"));
    assertThat(q.keyId()).isNotEqualTo(p.keyId()).hasSize(16);
    assertThat(p.pseudonym(null)).as("an anonymous install stays anonymous").isNull();
  }

  @Test
  void aShortKeyIsRefused() {
    assertThatThrownBy(() -> new PhonePseudonymizer(new byte[31]))
        .hasMessage("a phone key needs at least 32 bytes; this one has 31");
  }

  @Test
  void itsTextShowsTheKeyIdNotTheKeyAndItSurvivesSerialization() throws Exception {
    PhonePseudonymizer p = new PhonePseudonymizer(TestPhoneKeys.KEY);
    assertThat(p.toString()).contains(p.keyId()).doesNotContain(HexFormat.of().formatHex(TestPhoneKeys.KEY).substring(0, 8));
    // Executors get it serialized, and it still works there.
    var bytes = new java.io.ByteArrayOutputStream();
    try (var out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(p);
    }
    try (var in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      PhonePseudonymizer copy = (PhonePseudonymizer) in.readObject();
      assertThat(copy.pseudonym("+84912345678")).isEqualTo(p.pseudonym("+84912345678"));
      assertThat(copy).isEqualTo(p);
    }
  }
}
