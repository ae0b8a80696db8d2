package io.uptake.schema;

import static org.apache.spark.sql.types.DataTypes.StringType;

import org.apache.spark.sql.types.StructType;

/** The reference districts as a small frame: the skeleton every gold snapshot is built on. */
public final class ReferenceAreas {
  private ReferenceAreas() {}

  public static final StructType SCHEMA = new StructType()
      .add(GoldAdoption.PROVINCE_CODE, StringType, false)
      .add(GoldAdoption.PROVINCE_NAME, StringType, false)
      .add(GoldAdoption.DISTRICT_CODE, StringType, false)
      .add(GoldAdoption.DISTRICT_NAME, StringType, false);
}
