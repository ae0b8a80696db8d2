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
