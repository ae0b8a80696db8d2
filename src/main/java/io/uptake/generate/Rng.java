package io.uptake.generate;

import java.util.SplittableRandom;

/** Seed derivation and weighted picks; every random stream in the generator comes from here. */
final class Rng {

  private Rng() {}

  /**
   * A seed for one independent stream, from the run seed and the stream's coordinates. Streams are
   * keyed by what they generate (a subscriber, a file) so the output does not depend on the order
   * in which they are consumed.
   */
  static SplittableRandom stream(long seed, long... coordinates) {
    long h = splitMix(seed ^ 0x5DEECE66DL);
    for (long c : coordinates) {
      h = splitMix(h ^ splitMix(c + 0x9E3779B97F4A7C15L));
    }
    return new SplittableRandom(h);
  }

  private static long splitMix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Cumulative sums of non-negative weights, for {@link #pick(SplittableRandom, long[])}. */
  static long[] cumulative(long... weights) {
    long[] cumulative = new long[weights.length];
    long total = 0;
    for (int i = 0; i < weights.length; i++) {
      total += weights[i];
      cumulative[i] = total;
    }
    return cumulative;
  }

  static long[] cumulative(int... weights) {
    long[] asLong = new long[weights.length];
    for (int i = 0; i < weights.length; i++) {
      asLong[i] = weights[i];
    }
    return cumulative(asLong);
  }

  /** Index drawn with probability proportional to its weight. */
  static int pick(SplittableRandom r, long[] cumulative) {
    return pick(r, cumulative, cumulative.length);
  }

  /** As {@link #pick(SplittableRandom, long[])}, restricted to the first {@code limit} entries. */
  static int pick(SplittableRandom r, long[] cumulative, int limit) {
    long x = r.nextLong(cumulative[limit - 1]);
    int lo = 0;
    int hi = limit - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] > x) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  static <T> T oneOf(SplittableRandom r, T[] values) {
    return values[r.nextInt(values.length)];
  }

  /** True with the given probability in per mille. */
  static boolean perMille(SplittableRandom r, int perMille) {
    return r.nextInt(1000) < perMille;
  }

  static String hex(SplittableRandom r, int digits) {
    StringBuilder sb = new StringBuilder(digits);
    for (int i = 0; i < digits; i++) {
      sb.append(Character.forDigit(r.nextInt(16), 16));
    }
    return sb.toString();
  }

  static String digits(SplittableRandom r, int count) {
    StringBuilder sb = new StringBuilder(count);
    for (int i = 0; i < count; i++) {
      sb.append((char) ('0' + r.nextInt(10)));
    }
    return sb.toString();
  }
}
