package io.uptake.schema;

import java.util.List;
import scala.collection.JavaConverters;
import scala.collection.immutable.Seq;

/** Column names for {@code Dataset.join(other, keys, type)}, which takes a Scala Seq. */
public final class UsingColumns {
  private UsingColumns() {}

  public static Seq<String> of(String... keys) {
    return JavaConverters.asScalaBuffer(List.of(keys)).toList();
  }
}
