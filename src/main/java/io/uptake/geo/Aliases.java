package io.uptake.geo;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Spelling variants that the folding rules cannot derive (conf/aliases.yaml): province code →
 * variants, and province code → (district code → variants).
 */
public record Aliases(Map<String, List<String>> provinces, Map<String, Map<String, List<String>>> districts)
    implements Serializable {

  public Aliases {
    provinces = provinces == null ? Map.of() : Map.copyOf(provinces);
    districts = districts == null ? Map.of() : Map.copyOf(districts);
  }

  public static Aliases none() {
    return new Aliases(Map.of(), Map.of());
  }
}
