package io.uptake.schema;

/** {@code gold/adoption_daily}: the trend, one row per area and day, from the gold snapshots. */
public final class GoldAdoptionDaily {
  private GoldAdoptionDaily() {}

  /** The day of the snapshot in the configured zone (the latest snapshot of that day). */
  public static final String SNAPSHOT_DATE = "snapshot_date";
  /** Phones minus the previous day's snapshot; null on the first day. */
  public static final String NEW_PHONES = "new_phones";
  public static final String TARGET_DENOMINATOR = "target_denominator";
  public static final String TARGET_SHARE = "target_share";
  /** The target denominator's value for the area (population by default). */
  public static final String TARGET_BASE = "target_base";
  public static final String TARGET_PHONES = "target_phones";
  /** phones / target_phones, a fraction (1 = reached). */
  public static final String PROGRESS = "progress";
  /** Phones gained per day over the last 7 days (or the days there are). */
  public static final String PACE_7D = "pace_7d";
  /** When the target is reached at that pace; null if reached already or without progress. */
  public static final String PROJECTED_DATE = "projected_date";
  public static final String REACHED = "reached";
}
