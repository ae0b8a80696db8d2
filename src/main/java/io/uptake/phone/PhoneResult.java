package io.uptake.phone;

import java.util.Objects;

/**
 * Outcome of canonicalizing one raw phone value: a canonical E.164 number, an absent phone
 * (anonymous install) or a rejection with its reason. Exactly one of the three holds.
 */
public record PhoneResult(String e164, PhoneRejectReason reason) {

  private static final PhoneResult ABSENT = new PhoneResult(null, null);

  public static PhoneResult valid(String e164) {
    return new PhoneResult(Objects.requireNonNull(e164), null);
  }

  public static PhoneResult absent() {
    return ABSENT;
  }

  public static PhoneResult rejected(PhoneRejectReason reason) {
    return new PhoneResult(null, Objects.requireNonNull(reason));
  }

  public boolean isValid() {
    return e164 != null;
  }

  public boolean isAbsent() {
    return e164 == null && reason == null;
  }

  // Never print the number itself: phones are personal data.
  @Override
  public String toString() {
    return isValid() ? "PhoneResult[valid]" : isAbsent() ? "PhoneResult[absent]" : "PhoneResult[" + reason.code() + "]";
  }
}
