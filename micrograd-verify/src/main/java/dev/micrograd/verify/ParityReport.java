package dev.micrograd.verify;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A page of checks, for people ({@code index.html}) and machines ({@code report.json}): the
 * tables of {@link Parity} and {@link Exact} results a test collected, per-op accuracy tables
 * ({@link OpAccuracy}), and tables of figures ({@link #table}).
 *
 * <pre>{@code
 * ParityReport report = ParityReport.titled("My model's gradients");
 * report.add("loss at step 0", Parity.check(loss));
 * report.add("loss at step 0", Exact.check(loss));
 * report.writeTo(Path.of("target/my-parity-report"));
 * }</pre>
 *
 * <p>Both files are written atomically (a temporary file in the same folder, then a move), so a
 * reader never sees half a page; where POSIX permissions exist they are {@code rw-r--r--}. The
 * JSON is written by Gson; non-finite numbers appear as {@code null}. Not synchronized.
 */
public final class ParityReport {
    private final String title;
    private final List<String> paragraphs = new ArrayList<>();
    private final List<Section> sections = new ArrayList<>();
    private final List<String[]> environment = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    private sealed interface Section permits ParitySection, ExactSection, AccuracySection, TableSection {
    }

    private record ParitySection(String name, Parity.Result result) implements Section {
    }

    private record ExactSection(String name, Exact.Result result) implements Section {
    }

    private record AccuracySection(String name, String text, List<OpAccuracy> ops) implements Section {
    }

    private record TableSection(String name, String text, List<String> columns, List<List<String>> rows)
            implements Section {
    }

    /**
     * One engine's distance from the exactly rounded truth over an op's sample points.
     *
     * @param maxUlps the largest distance in ulps ({@link Exact#ulps})
     * @param meanUlps the mean distance in ulps
     * @param minDigits the fewest correct digits ({@link Exact#digits}) at any point
     */
    public record Accuracy(long maxUlps, double meanUlps, double minDigits) {
    }

    /**
     * One op measured against the truth over many points, for both engines: its forward value and
     * its local derivative.
     *
     * @param op the op's name
     * @param domain where the points lie, in words
     * @param points how many points
     * @param microgradValue micrograd's values against the truth
     * @param pytorchValue PyTorch's values against the truth
     * @param microgradDerivative micrograd's local derivatives against the truth
     * @param pytorchDerivative PyTorch's local derivatives against the truth
     * @param valueHistogram points where the engines' values are 0, 1, 2 and more than 2 ulps apart
     * @param derivativeHistogram the same for the local derivatives
     * @param note where a formula loses accuracy, and how many digits both engines keep there ("" if nowhere)
     */
    public record OpAccuracy(String op, String domain, long points, Accuracy microgradValue, Accuracy pytorchValue,
                             Accuracy microgradDerivative, Accuracy pytorchDerivative, List<Long> valueHistogram,
                             List<Long> derivativeHistogram, String note) {
        /**
         * Checks the histograms and keeps unmodifiable copies.
         *
         * @param op the op's name
         * @param domain where the points lie, in words
         * @param points how many points
         * @param microgradValue micrograd's values against the truth
         * @param pytorchValue PyTorch's values against the truth
         * @param microgradDerivative micrograd's local derivatives against the truth
         * @param pytorchDerivative PyTorch's local derivatives against the truth
         * @param valueHistogram points where the engines' values are 0, 1, 2 and more than 2 ulps apart
         * @param derivativeHistogram the same for the local derivatives
         * @param note where a formula loses accuracy ("" if nowhere)
         * @throws IllegalArgumentException if a histogram does not have 4 bins
         */
        public OpAccuracy {
            if (valueHistogram.size() != 4 || derivativeHistogram.size() != 4) {
                throw new IllegalArgumentException("histograms have 4 bins (0, 1, 2, >2 ulps), found "
                        + valueHistogram.size() + " and " + derivativeHistogram.size());
            }
            valueHistogram = List.copyOf(valueHistogram);
            derivativeHistogram = List.copyOf(derivativeHistogram);
        }
    }

    private ParityReport(String title) {
        this.title = title;
    }

    /**
     * An empty page.
     *
     * @param title the page's heading
     * @return a new report
     * @throws NullPointerException if {@code title} is null
     */
    public static ParityReport titled(String title) {
        return new ParityReport(Objects.requireNonNull(title, "title"));
    }

    /**
     * Adds a paragraph of text under the heading.
     *
     * @param text plain text (escaped in HTML)
     * @return this report
     */
    public ParityReport paragraph(String text) {
        paragraphs.add(Objects.requireNonNull(text, "text"));
        return this;
    }

    /**
     * Adds a row to the environment table (PyTorch version, CPU, ...).
     *
     * @param key what
     * @param value its value
     * @return this report
     */
    public ParityReport environment(String key, String value) {
        environment.add(new String[] {Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value")});
        return this;
    }

    /**
     * Adds a {@link Parity} table.
     *
     * @param name what was checked
     * @param result its result
     * @return this report
     */
    public ParityReport add(String name, Parity.Result result) {
        sections.add(new ParitySection(Objects.requireNonNull(name, "name"), Objects.requireNonNull(result, "result")));
        return this;
    }

    /**
     * Adds an {@link Exact} table.
     *
     * @param name what was checked
     * @param result its result
     * @return this report
     */
    public ParityReport add(String name, Exact.Result result) {
        sections.add(new ExactSection(Objects.requireNonNull(name, "name"), Objects.requireNonNull(result, "result")));
        return this;
    }

    /**
     * Adds per-op accuracy tables.
     *
     * @param name the section's heading
     * @param text what was measured and how (plain text)
     * @param ops one entry per op
     * @return this report
     */
    public ParityReport add(String name, String text, List<OpAccuracy> ops) {
        sections.add(new AccuracySection(Objects.requireNonNull(name, "name"), Objects.requireNonNull(text, "text"),
                List.copyOf(ops)));
        return this;
    }

    /**
     * Adds a table of figures a test measured (counts, largest differences), under a heading.
     *
     * @param name the section's heading
     * @param text what the figures are (plain text; may be empty)
     * @param columns the column headings
     * @param rows the rows, each with one cell per column (plain text)
     * @return this report
     * @throws IllegalArgumentException if a row does not have one cell per column
     */
    public ParityReport table(String name, String text, List<String> columns, List<List<String>> rows) {
        List<List<String>> copy = new ArrayList<>(rows.size());
        for (List<String> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException("a row of table '" + name + "' needs " + columns.size()
                        + " cells " + columns + ", found " + row.size() + " " + row);
            }
            copy.add(List.copyOf(row));
        }
        sections.add(new TableSection(Objects.requireNonNull(name, "name"), Objects.requireNonNull(text, "text"),
                List.copyOf(columns), List.copyOf(copy)));
        return this;
    }

    /**
     * Records a failure that is not a {@link Parity} table (a test that failed, a PyTorch that
     * could not load where it must): the page then does not pass.
     *
     * @param what what failed (plain text)
     * @return this report
     */
    public ParityReport failure(String what) {
        failures.add(Objects.requireNonNull(what, "what"));
        return this;
    }

    /**
     * Whether every {@link Parity} table passed and no {@linkplain #failure failure} was recorded
     * (a page without either passes).
     *
     * @return true if nothing failed
     */
    public boolean passed() {
        if (!failures.isEmpty()) {
            return false;
        }
        for (Section s : sections) {
            if (s instanceof ParitySection p && !p.result().passed()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes {@code report.json} and {@code index.html} into {@code dir}, creating it.
     *
     * @param dir the folder
     * @throws IOException if a file cannot be written
     */
    public void writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        writeAtomically(dir.resolve("report.json"), json());
        writeAtomically(dir.resolve("index.html"), html());
    }

    /**
     * Writes {@code content} to {@code target} so that a reader sees the old file or the whole new
     * one, never part of it: a temporary file in the same folder, then an atomic move (a plain
     * replacing move where the file system has none). {@code rw-r--r--} where POSIX permissions exist.
     *
     * @param target the file
     * @param content its text, written as UTF-8
     * @throws IOException if it cannot be written
     */
    public static void writeAtomically(Path target, String content) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(folder, target.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            // createTempFile makes the file private (rw-------); a report is for everyone to read
            if (Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    // ------------------------------------------------------------------------------------ JSON

    /**
     * The page as JSON: {@code title}, {@code passed}, {@code failures}, {@code paragraphs}, {@code environment} and
     * {@code sections}, each with its {@code kind} ({@code parity}, {@code exact}, {@code accuracy},
     * {@code table}) and rows.
     *
     * @return pretty-printed JSON
     */
    public String json() {
        JsonObject root = new JsonObject();
        root.addProperty("title", title);
        root.addProperty("passed", passed());
        JsonArray failed = new JsonArray();
        failures.forEach(failed::add);
        root.add("failures", failed);
        JsonArray text = new JsonArray();
        paragraphs.forEach(text::add);
        root.add("paragraphs", text);
        JsonObject env = new JsonObject();
        for (String[] kv : environment) {
            env.addProperty(kv[0], kv[1]);
        }
        root.add("environment", env);
        JsonArray all = new JsonArray();
        for (Section s : sections) {
            all.add(json(s));
        }
        root.add("sections", all);
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create().toJson(root) + "\n";
    }

    private static JsonObject json(Section s) {
        JsonObject o = new JsonObject();
        JsonArray rows = new JsonArray();
        if (s instanceof ParitySection p) {
            o.addProperty("kind", "parity");
            o.addProperty("name", p.name());
            o.addProperty("passed", p.result().passed());
            for (Parity.Row r : p.result().rows()) {
                rows.add(row("node", r.node(), "op", r.op(), "value", r.value(), "pytorchValue", r.pytorchValue(),
                        "valueUlps", r.valueUlps(), "valueAgrees", r.valueAgrees(), "grad", r.grad(),
                        "pytorchGrad", r.pytorchGrad(), "gradUlps", r.gradUlps(), "gradAgrees", r.gradAgrees()));
            }
        } else if (s instanceof ExactSection e) {
            o.addProperty("kind", "exact");
            o.addProperty("name", e.name());
            o.add("maxUlps", ulps(e.result().maxUlps()));
            o.add("minDigits", num(e.result().minDigits()));
            for (Exact.Row r : e.result().rows()) {
                rows.add(row("node", r.node(), "op", r.op(), "value", r.value(), "exactValue", r.exactValue(),
                        "valueUlps", r.valueUlps(), "valueDigits", r.valueDigits(), "grad", r.grad(),
                        "exactGrad", r.exactGrad(), "gradUlps", r.gradUlps(), "gradDigits", r.gradDigits(),
                        "note", r.note()));
            }
        } else if (s instanceof TableSection t) {
            o.addProperty("kind", "table");
            o.addProperty("name", t.name());
            o.addProperty("text", t.text());
            JsonArray columns = new JsonArray();
            t.columns().forEach(columns::add);
            o.add("columns", columns);
            for (List<String> cells : t.rows()) {
                JsonObject row = new JsonObject();
                for (int c = 0; c < cells.size(); c++) {
                    row.addProperty(t.columns().get(c), cells.get(c));
                }
                rows.add(row);
            }
        } else {
            AccuracySection a = (AccuracySection) s;
            o.addProperty("kind", "accuracy");
            o.addProperty("name", a.name());
            o.addProperty("text", a.text());
            for (OpAccuracy op : a.ops()) {
                JsonObject row = new JsonObject();
                row.addProperty("op", op.op());
                row.addProperty("domain", op.domain());
                row.addProperty("points", op.points());
                row.add("microgradValue", json(op.microgradValue()));
                row.add("pytorchValue", json(op.pytorchValue()));
                row.add("microgradDerivative", json(op.microgradDerivative()));
                row.add("pytorchDerivative", json(op.pytorchDerivative()));
                row.add("valueHistogram", histogram(op.valueHistogram()));
                row.add("derivativeHistogram", histogram(op.derivativeHistogram()));
                row.addProperty("note", op.note());
                rows.add(row);
            }
        }
        o.add("rows", rows);
        return o;
    }

    /**
     * A row of a node table: names and values in turn; a string or boolean as it is, a double as a
     * number ({@link #num}), a long as a distance in ulps ({@link #ulps}).
     */
    private static JsonObject row(Object... namesAndValues) {
        JsonObject row = new JsonObject();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String name = (String) namesAndValues[i];
            Object v = namesAndValues[i + 1];
            if (v instanceof Double d) {
                row.add(name, num(d));
            } else if (v instanceof Long u) {
                row.add(name, ulps(u));
            } else if (v instanceof Boolean b) {
                row.addProperty(name, b);
            } else {
                row.addProperty(name, (String) v);
            }
        }
        return row;
    }

    private static JsonObject json(Accuracy a) {
        JsonObject o = new JsonObject();
        o.add("maxUlps", ulps(a.maxUlps()));
        o.add("meanUlps", num(a.meanUlps()));
        o.add("minDigits", num(a.minDigits()));
        return o;
    }

    private static JsonObject histogram(List<Long> h) {
        JsonObject o = new JsonObject();
        o.addProperty("0", h.get(0));
        o.addProperty("1", h.get(1));
        o.addProperty("2", h.get(2));
        o.addProperty(">2", h.get(3));
        return o;
    }

    private static JsonElement num(double x) {
        return Double.isFinite(x) ? new JsonPrimitive(x) : JsonNull.INSTANCE;
    }

    private static JsonElement ulps(long u) {
        return u == Ulps.INCOMPARABLE || u == Exact.UNJUDGED ? JsonNull.INSTANCE : new JsonPrimitive(u);
    }

    // ------------------------------------------------------------------------------------ HTML

    /**
     * The page as self-contained HTML.
     *
     * @return the page
     */
    public String html() {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>").append(esc(title))
                .append("</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;max-width:80em;margin:2em auto;padding:0 1em;color:#222}\n")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .6em;")
                .append("text-align:left}\ntd.n{text-align:right;font-family:monospace}.bad{background:#fde0e0}\n")
                .append(".passed{color:#0a7d28}.failed{color:#b00020}\n</style></head><body>\n");
        h.append("<h1>").append(esc(title)).append("</h1>\n");
        h.append(passed() ? "<p class=\"passed\"><strong>passed</strong></p>\n"
                : "<p class=\"failed\"><strong>FAILED</strong></p>\n");
        for (String f : failures) {
            h.append("<p class=\"failed\">").append(esc(f)).append("</p>\n");
        }
        for (String p : paragraphs) {
            h.append("<p>").append(esc(p)).append("</p>\n");
        }
        for (Section s : sections) {
            if (s instanceof ParitySection p) {
                parityHtml(h, p);
            } else if (s instanceof ExactSection e) {
                exactHtml(h, e);
            } else if (s instanceof TableSection t) {
                tableHtml(h, t);
            } else {
                accuracyHtml(h, (AccuracySection) s);
            }
        }
        if (!environment.isEmpty()) {
            h.append("<h2>Environment</h2>\n<table>\n");
            for (String[] kv : environment) {
                h.append("<tr><th>").append(esc(kv[0])).append("</th><td>").append(esc(kv[1])).append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        return h.append("</body></html>\n").toString();
    }

    private static void parityHtml(StringBuilder h, ParitySection p) {
        h.append("<h2>").append(esc(p.name())).append(": parity with PyTorch, ")
                .append(p.result().passed() ? "passed" : "FAILED").append("</h2>\n<table>\n<tr><th>node</th><th>op</th>")
                .append("<th>value here</th><th>value there</th><th>gradient here</th><th>gradient there</th>")
                .append("<th>ulps apart (value / gradient)</th><th>agree</th></tr>\n");
        for (Parity.Row r : p.result().rows()) {
            h.append(r.agrees() ? "<tr>" : "<tr class=\"bad\">").append(td(r.node())).append(td(r.op()))
                    .append(tn(r.value())).append(tn(r.pytorchValue())).append(tn(r.grad())).append(tn(r.pytorchGrad()))
                    .append(tdn(Exact.ulpsText(r.valueUlps()) + " / " + Exact.ulpsText(r.gradUlps())))
                    .append(td(r.agrees() ? "yes" : "NO")).append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private static void exactHtml(StringBuilder h, ExactSection e) {
        h.append("<h2>").append(esc(e.name())).append(": against exact arithmetic, max ")
                .append(Exact.ulpsText(e.result().maxUlps())).append(" ulps</h2>\n<table>\n<tr><th>node</th><th>op</th>")
                .append("<th>value</th><th>exact</th><th>ulps</th><th>digits</th><th>gradient</th><th>exact</th>")
                .append("<th>ulps</th><th>digits</th><th>note</th></tr>\n");
        for (Exact.Row r : e.result().rows()) {
            h.append(r.note().isEmpty() ? "<tr>" : "<tr class=\"bad\">").append(td(r.node())).append(td(r.op()))
                    .append(tn(r.value())).append(tn(r.exactValue())).append(tdn(Exact.ulpsText(r.valueUlps())))
                    .append(tdn(Exact.digitsText(r.valueDigits()))).append(tn(r.grad())).append(tn(r.exactGrad()))
                    .append(tdn(Exact.ulpsText(r.gradUlps()))).append(tdn(Exact.digitsText(r.gradDigits())))
                    .append(td(r.note())).append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private static void tableHtml(StringBuilder h, TableSection t) {
        h.append("<h2>").append(esc(t.name())).append("</h2>\n");
        if (!t.text().isEmpty()) {
            h.append("<p>").append(esc(t.text())).append("</p>\n");
        }
        h.append("<table>\n<tr>");
        for (String c : t.columns()) {
            h.append("<th>").append(esc(c)).append("</th>");
        }
        h.append("</tr>\n");
        for (List<String> row : t.rows()) {
            h.append("<tr>");
            for (String cell : row) {
                h.append(td(cell));
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private static void accuracyHtml(StringBuilder h, AccuracySection a) {
        h.append("<h2>").append(esc(a.name())).append("</h2>\n<p>").append(esc(a.text())).append("</p>\n");
        for (OpAccuracy op : a.ops()) {
            h.append("<h3><code>").append(esc(op.op())).append("</code></h3>\n<p>")
                    .append(op.points()).append(" points: ").append(esc(op.domain())).append("</p>\n<table>\n")
                    .append("<tr><th></th><th>engine</th><th>max ulps from the truth</th><th>mean ulps</th>")
                    .append("<th>fewest correct digits</th></tr>\n");
            accuracyRow(h, "value", "micrograd", op.microgradValue());
            accuracyRow(h, "value", "PyTorch", op.pytorchValue());
            accuracyRow(h, "derivative", "micrograd", op.microgradDerivative());
            accuracyRow(h, "derivative", "PyTorch", op.pytorchDerivative());
            h.append("</table>\n<table>\n<tr><th>ulps between the engines</th><th>0</th><th>1</th><th>2</th>")
                    .append("<th>&gt;2</th></tr>\n");
            histogramRow(h, "value", op.valueHistogram());
            histogramRow(h, "derivative", op.derivativeHistogram());
            h.append("</table>\n");
            if (!op.note().isEmpty()) {
                h.append("<p>").append(esc(op.note())).append("</p>\n");
            }
        }
    }

    private static void accuracyRow(StringBuilder h, String what, String engine, Accuracy a) {
        h.append("<tr>").append(td(what)).append(td(engine)).append(tdn(Exact.ulpsText(a.maxUlps())))
                .append(tdn(String.format(Locale.ROOT, "%.3f", a.meanUlps())))
                .append(tdn(Exact.digitsText(a.minDigits()))).append("</tr>\n");
    }

    private static void histogramRow(StringBuilder h, String what, List<Long> bins) {
        h.append("<tr>").append(td(what));
        for (long b : bins) {
            h.append(tdn(Long.toString(b)));
        }
        h.append("</tr>\n");
    }

    private static String td(String s) {
        return "<td>" + esc(s) + "</td>";
    }

    private static String tdn(String s) {
        return "<td class=\"n\">" + esc(s) + "</td>";
    }

    private static String tn(double x) {
        return tdn(Double.toString(x));
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
