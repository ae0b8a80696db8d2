package io.uptake.delta;

import io.uptake.schema.SilverPhoneProvinces;
import io.uptake.schema.SilverPhones;
import java.io.PrintStream;
import java.util.Map;

/**
 * Columns earlier versions wrote and this one no longer keeps: the latest event of every phone
 * ({@code last_event}, {@code last_seen}). Nothing counted needs it, and it tracked each phone's
 * activity night by night. A run that finds them rewrites the table without them, once, keeping
 * the commit note that says which cut-off {@code silver/phones} is as of. The files of older
 * versions hold them until a VACUUM of the table removes those files.
 */
public final class DroppedColumns {
  private DroppedColumns() {}

  private static final Map<Table, String> DROPPED = Map.of(
      Table.SILVER_PHONE_PROVINCES, SilverPhoneProvinces.DROPPED_LAST_EVENT,
      Table.SILVER_PHONES, SilverPhones.DROPPED_LAST_SEEN);

  /** Rewrites each table that still has its dropped column; a no-op once done. */
  public static void drop(org.apache.spark.sql.SparkSession spark, Warehouse warehouse, PrintStream progress) {
    for (Table t : new Table[] {Table.SILVER_PHONE_PROVINCES, Table.SILVER_PHONES}) {
      String column = DROPPED.get(t);
      if (!warehouse.exists(spark, t) || !warehouse.columns(spark, t).contains(column)) {
        continue;
      }
      progress.println("Dropping " + t.relativePath() + "." + column + " (no longer kept): rewriting the table once.");
      String note = warehouse.lastCommitNote(spark, t).orElse(null);
      warehouse.overwrite(warehouse.read(spark, t).drop(column), t, note);
    }
  }
}
