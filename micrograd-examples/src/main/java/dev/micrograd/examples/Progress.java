package dev.micrograd.examples;

import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * How training shows that it is alive: a progress bar (me.tongfei:progressbar) when a person
 * watches a terminal, a plain step log otherwise (redirected output, CI, tests), so that a log
 * file holds lines rather than carriage returns.
 */
abstract class Progress implements AutoCloseable {
    private Progress() {
    }

    /**
     * A progress bar on standard error when {@code terminal}, else a step log to {@code log}.
     *
     * @param terminal whether a person watches a terminal ({@code System.console() != null})
     * @param task the name shown
     * @param steps the number of steps to come
     * @param log where the plain log goes
     * @return the progress display; close it when training ends
     */
    static Progress create(boolean terminal, String task, int steps, PrintWriter log) {
        return terminal ? new Bar(task, steps) : new Log(steps, log);
    }

    /**
     * Reports one finished step.
     *
     * @param step the step's number, from 0
     * @param loss its loss
     * @param accuracy its accuracy in [0, 1]
     */
    abstract void step(int step, double loss, double accuracy);

    @Override
    public abstract void close();

    static String describe(int step, double loss, double accuracy) {
        return String.format(Locale.ROOT, "step %d loss %s, accuracy %.1f%%", step, loss(loss), 100 * accuracy);
    }

    /** Six decimals, as the demo's numbers need; powers of ten once training has blown up. */
    static String loss(double loss) {
        return Math.abs(loss) < 1e6 || !Double.isFinite(loss)
                ? String.format(Locale.ROOT, "%.6f", loss) : String.format(Locale.ROOT, "%.6e", loss);
    }

    private static final class Bar extends Progress {
        private final ProgressBar bar;

        Bar(String task, int steps) {
            bar = new ProgressBarBuilder()
                    .setTaskName(task)
                    .setInitialMax(steps)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(100)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err))
                    .build();
        }

        @Override
        void step(int step, double loss, double accuracy) {
            bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4g acc %.0f%%", loss, 100 * accuracy));
            bar.step();
        }

        @Override
        public void close() {
            bar.close();
        }
    }

    private static final class Log extends Progress {
        private final PrintWriter out;
        /** Every step up to 100 steps, then about 100 lines in all, the last step always. */
        private final int every;
        private final int last;

        Log(int steps, PrintWriter out) {
            this.out = out;
            this.every = Math.max(1, (steps + 99) / 100);
            this.last = steps - 1;
        }

        @Override
        void step(int step, double loss, double accuracy) {
            if (step % every == 0 || step == last) {
                out.println(describe(step, loss, accuracy));
                out.flush();
            }
        }

        @Override
        public void close() {
            out.flush();
        }
    }
}
