package io.uptake.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium (Debian's {@code chromium} package; {@code .ci/run} installs it), started as a
 * process per page: the page's scripts run, then the DOM or a screenshot is taken. Every network
 * name resolves to nothing, so a page that tried to fetch anything would draw without it.
 */
public final class Chromium {
  private Chromium() {}

  private static final long TIMEOUT_SECONDS = 120;

  /** The browser: {@code UPTAKE_CHROMIUM}, else {@code /usr/bin/chromium}. Fails with how to install it. */
  public static Path executable() {
    String given = System.getenv("UPTAKE_CHROMIUM");
    Path path = Path.of(given != null ? given : "/usr/bin/chromium");
    if (!Files.isExecutable(path)) {
      throw new AssertionError("No Chromium at " + path + ": the HTML report is tested in a real browser. Install "
          + "Debian's chromium (apt-get install -y chromium; .ci/run does) or set UPTAKE_CHROMIUM to a Chromium binary");
    }
    return path;
  }

  /** The DOM after the page's scripts ran. */
  public static String dumpDom(Path page, Path workDir) throws IOException, InterruptedException {
    return run(page, workDir, List.of("--dump-dom"));
  }

  /** A PNG of the page's first {@code width} × {@code height} pixels. */
  public static void screenshot(Path page, Path png, int width, int height, Path workDir)
      throws IOException, InterruptedException {
    run(page, workDir, List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
        "--hide-scrollbars"));
    if (!Files.isRegularFile(png)) {
      throw new AssertionError("Chromium wrote no screenshot at " + png);
    }
  }

  private static String run(Path page, Path workDir, List<String> action) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(workDir, "chromium-profile");
    List<String> command = new ArrayList<>(List.of(executable().toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-extensions", "--mute-audio",
        "--host-resolver-rules=MAP * ~NOTFOUND", "--user-data-dir=" + profile,
        // Scripts run to completion in virtual time before the DOM or screenshot is taken.
        "--virtual-time-budget=15000"));
    command.addAll(action);
    command.add(page.toAbsolutePath().toUri().toString());
    Path out = workDir.resolve("chromium-" + System.nanoTime() + ".out");
    Path err = workDir.resolve("chromium-" + System.nanoTime() + ".err");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("Chromium did not finish within " + TIMEOUT_SECONDS + " s: " + command);
    }
    if (p.exitValue() != 0) {
      throw new AssertionError("Chromium exited " + p.exitValue() + ": " + Files.readString(err, StandardCharsets.UTF_8));
    }
    return Files.readString(out, StandardCharsets.UTF_8);
  }
}
