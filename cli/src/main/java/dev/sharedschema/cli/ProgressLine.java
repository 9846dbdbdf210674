package dev.sharedschema.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of one phase over a known number of items (databases). As a bar, it redraws one terminal
 * line with {@code \r} at most ten times a second; as lines, it prints one line per tenth of the
 * work (or every few seconds when the work is slow), so that logs stay short.
 */
final class ProgressLine {
  private static final long BAR_REDRAW_NANOS = 100_000_000L;
  private static final long LINE_EVERY_NANOS = 5_000_000_000L;
  private static final int BAR_WIDTH = 24;

  private final PrintWriter out;
  private final ProgressMode mode;
  private final String label;
  private final LongSupplier nanoTime;
  private final long started;
  private int total;
  private int done;
  private int failed;
  private long lastDrawn;
  private int lastTenth;
  private int drawnWidth;
  private boolean finished;

  /**
   * @param total items expected (grows if more arrive)
   * @param started when the phase began, on {@code nanoTime}'s scale: rate and ETA count from there
   */
  ProgressLine(
      PrintWriter out,
      ProgressMode mode,
      String label,
      int total,
      long started,
      LongSupplier nanoTime) {
    this.out = out;
    this.mode = mode.resolve();
    this.label = label;
    this.total = total;
    this.nanoTime = nanoTime;
    this.started = started;
    this.lastDrawn = started;
  }

  /** A phase that begins now. */
  ProgressLine(PrintWriter out, ProgressMode mode, String label, int total) {
    this(out, mode, label, total, System.nanoTime(), System::nanoTime);
  }

  /** One more item is done. */
  synchronized void advance(boolean itFailed) {
    done++;
    if (itFailed) {
      failed++;
    }
    total = Math.max(total, done);
    long now = nanoTime.getAsLong();
    if (mode == ProgressMode.bar && now - lastDrawn >= BAR_REDRAW_NANOS) {
      drawBar(now);
    } else if (mode == ProgressMode.lines) {
      int tenth = total == 0 ? 10 : done * 10 / total;
      if ((tenth > lastTenth && done < total) || now - lastDrawn >= LINE_EVERY_NANOS) {
        lastTenth = tenth;
        lastDrawn = now;
        out.println(text(now));
        out.flush();
      }
    }
  }

  /** Ends the phase: the bar's last state and a newline, or one closing line. Idempotent. */
  synchronized void finish() {
    if (finished) {
      return;
    }
    finished = true;
    long now = nanoTime.getAsLong();
    if (mode == ProgressMode.bar) {
      drawBar(now);
      out.println();
    } else if (mode == ProgressMode.lines) {
      out.println(text(now));
    }
    out.flush();
  }

  synchronized int done() {
    return done;
  }

  private void drawBar(long now) {
    lastDrawn = now;
    int filled = total == 0 ? BAR_WIDTH : (int) ((long) done * BAR_WIDTH / total);
    String bar = "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled);
    String text = String.format(Locale.ROOT, "%-8s [%s] %s", label, bar, counters(now));
    // Pad with spaces so that a shorter line wipes out the end of the longer one before it.
    out.print("\r" + text + " ".repeat(Math.max(0, drawnWidth - text.length())));
    drawnWidth = text.length();
    out.flush();
  }

  private String text(long now) {
    return String.format(Locale.ROOT, "%-8s %s", label, counters(now));
  }

  private String counters(long now) {
    double seconds = Math.max(now - started, 1) / 1e9;
    double rate = done / seconds;
    int pct = total == 0 ? 100 : (int) ((long) done * 100 / total);
    StringBuilder s =
        new StringBuilder()
            .append(done)
            .append('/')
            .append(total)
            .append(' ')
            .append(String.format(Locale.ROOT, "%3d%%", pct))
            .append("  ")
            .append(Units.rate(rate));
    if (finished || done == total) {
      s.append("  ").append(Units.nanos(now - started));
    } else if (rate > 0) {
      s.append("  ETA ").append(Units.nanos((long) ((total - done) / rate * 1e9)));
    }
    s.append("  ").append(failed).append(" failed");
    return s.toString();
  }
}
