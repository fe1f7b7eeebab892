package dev.micrograd.verify.report;

import dev.micrograd.engine.Op;
import dev.micrograd.nn.io.AtomicFiles;
import dev.micrograd.verify.Ulps;
import dev.micrograd.verify.ParityLedger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The gradient-parity report: {@code report.json} for machines and {@code index.html} for people,
 * both rendered from one {@link ParityLedger.Snapshot} and written by {@link AtomicFiles} (whole or
 * not at all, with the permissions the umask gives a new file), so a reader never sees half a report.
 *
 * @param status "passed", "failed" or "skipped"
 * @param reason why skipped or failed (empty when passed)
 * @param failedTests the display names of the tests that failed
 * @param seed the run's seed
 * @param pytorchVersion PyTorch's version
 * @param djlVersion DJL's version
 * @param seconds how long the module's tests took
 * @param data what the tests measured
 */
public record ParityReport(String status, String reason, List<String> failedTests, long seed, String pytorchVersion, String djlVersion,
                           double seconds, ParityLedger.Snapshot data) {

    /**
     * Writes both files into {@code dir}, creating it.
     *
     * @param dir the report folder
     * @throws IOException if a file cannot be written
     */
    public void writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        writeAtomically(dir.resolve("report.json"), json());
        writeAtomically(dir.resolve("index.html"), html());
    }

    private static void writeAtomically(Path target, String content) throws IOException {
        AtomicFiles.write(target, content.getBytes(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------------------------ JSON

    /** @return the report as JSON (non-finite numbers as null) */
    public String json() {
        ParityLedger.Snapshot d = data;
        Json j = new Json();
        j.open();
        j.field("status", status);
        j.field("reason", reason);
        j.field("expressions", d.expressions());
        j.field("sharedExpressions", d.sharedExpressions());
        j.field("valueComparisons", d.valueComparisons());
        j.field("gradientComparisons", d.gradientComparisons());
        j.field("indeterminateGradients", d.indeterminate());
        j.field("failures", d.failures());
        j.key("failedTests").array();
        for (String t : failedTests) {
            j.value(t);
        }
        j.endArray();
        j.field("compiledGraphReplays", d.replays());
        j.field("transcendentalBoundUlps", Ulps.TRANSCENDENTAL_BOUND);
        j.field("compositeBound", Ulps.COMPOSITE_BOUND);
        j.key("ops").open();
        for (Map.Entry<Op, ParityLedger.OpStats> e : d.ops().entrySet()) {
            j.key(e.getKey().name().toLowerCase(Locale.ROOT)).open();
            j.field("count", e.getValue().count());
            j.field("gradientComparisons", e.getValue().gradientComparisons());
            j.field("maxAbsError", e.getValue().maxAbsError());
            j.field("maxScaledError", e.getValue().maxScaledError());
            j.close();
        }
        j.close();
        j.key("tanh").open();
        j.field("samples", d.tanhSamples());
        j.field("maxAbsError", d.tanhMaxAbsError());
        j.field("maxValueAbsError", d.tanhMaxValueError());
        j.field("expFormMaxAbsError", d.tanhExpFormMaxAbsError());
        j.field("expFormNote", d.tanhExpFormNote());
        j.close();
        j.key("mlp").open();
        j.field("networks", d.networks().size());
        j.field("parameters", d.networks().stream().mapToLong(ParityLedger.NetworkRow::parameters).sum());
        j.field("maxAbsError", d.networks().stream().mapToDouble(ParityLedger.NetworkRow::maxAbsError).max().orElse(0));
        j.field("maxScaledError", d.networks().stream().mapToDouble(ParityLedger.NetworkRow::maxScaledError).max().orElse(0));
        j.key("details").array();
        for (ParityLedger.NetworkRow n : d.networks()) {
            j.open();
            j.field("name", n.name());
            j.field("parameters", n.parameters());
            j.field("loss", n.loss());
            j.field("lossAbsError", n.lossError());
            j.field("maxAbsError", n.maxAbsError());
            j.field("maxScaledError", n.maxScaledError());
            j.field("gradientScale", n.scale());
            j.close();
        }
        j.endArray();
        j.close();
        j.key("edges").open();
        j.field("cases", d.edges().size());
        j.field("mismatches", d.edges().stream().filter(r -> !r.match()).count());
        j.key("table").array();
        for (ParityLedger.EdgeRow r : d.edges()) {
            j.open();
            j.field("name", r.name());
            j.field("code", r.code());
            j.field("micrograd", r.micrograd());
            j.field("pytorch", r.pytorch());
            j.field("match", r.match());
            j.close();
        }
        j.endArray();
        j.close();
        j.field("pytorchVersion", pytorchVersion);
        j.field("djlVersion", djlVersion);
        j.field("seed", seed);
        j.field("javaVersion", System.getProperty("java.version"));
        j.field("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        Machine machine = Machine.current();
        j.field("cpu", machine.cpu());
        j.field("atenCpuCapability", machine.atenCpuCapability());
        j.field("mklCbwr", machine.mklCbwr());
        j.field("reference", machine.reference());
        j.field("comparisonRule", Ulps.rule());
        j.field("seconds", seconds);
        j.field("generated", Instant.now().toString());
        j.close();
        return j.toString() + "\n";
    }

    /** A minimal JSON writer: objects, arrays, strings, numbers and booleans, with commas placed for us. */
    private static final class Json {
        private final StringBuilder out = new StringBuilder();
        /** Nothing written yet at the current level. */
        private boolean first = true;
        /** A key was just written: the next value follows it on the same line. */
        private boolean afterKey = true;
        private int depth;

        private void beforeValue() {
            if (!afterKey) {
                if (!first) {
                    out.append(',');
                }
                out.append('\n').append("  ".repeat(depth));
            }
            afterKey = false;
            first = false;
        }

        Json open() {
            beforeValue();
            out.append('{');
            depth++;
            first = true;
            return this;
        }

        Json array() {
            beforeValue();
            out.append('[');
            depth++;
            first = true;
            return this;
        }

        void close() {
            end('}');
        }

        void endArray() {
            end(']');
        }

        private void end(char bracket) {
            depth--;
            if (!first) {
                out.append('\n').append("  ".repeat(depth));
            }
            out.append(bracket);
            first = false;
            afterKey = false;
        }

        Json key(String key) {
            beforeValue();
            out.append(quote(key)).append(": ");
            afterKey = true;
            return this;
        }

        void value(String value) {
            beforeValue();
            out.append(quote(value));
        }

        void field(String key, String value) {
            key(key);
            afterKey = false;
            out.append(quote(value));
        }

        void field(String key, long value) {
            key(key);
            afterKey = false;
            out.append(value);
        }

        void field(String key, boolean value) {
            key(key);
            afterKey = false;
            out.append(value);
        }

        void field(String key, double value) {
            key(key);
            afterKey = false;
            out.append(Double.isFinite(value) ? Double.toString(value) : "null");
        }

        @Override
        public String toString() {
            return out.toString();
        }

        private static String quote(String s) {
            StringBuilder q = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '"' -> q.append("\\\"");
                    case '\\' -> q.append("\\\\");
                    case '\n' -> q.append("\\n");
                    case '\r' -> q.append("\\r");
                    case '\t' -> q.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            q.append(String.format("\\u%04x", (int) c));
                        } else {
                            q.append(c);
                        }
                    }
                }
            }
            return q.append('"').toString();
        }
    }

    // ------------------------------------------------------------------------------------ HTML

    /** @return the report as a self-contained HTML page */
    public String html() {
        ParityLedger.Snapshot d = data;
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<title>micrograd for Java: gradient parity with PyTorch</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;max-width:70em;margin:2em auto;padding:0 1em;color:#222}\n")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}\n")
                .append("td.n{text-align:right;font-family:monospace}code{font-size:.95em}\n")
                .append(".passed{color:#0a7d28}.failed{color:#b00020}.skipped{color:#8a6d00}.bad{background:#fde0e0}\n")
                .append("</style></head><body>\n");
        h.append("<h1>Gradient parity with PyTorch</h1>\n");
        h.append("<p class=\"").append(esc(status)).append("\"><strong>Status: ").append(esc(status)).append("</strong>");
        if (!reason.isEmpty()) {
            h.append(" — ").append(esc(reason));
        }
        h.append("</p>\n");
        h.append("<p>Every random expression is built twice, with micrograd for Java's <code>Value</code> and with PyTorch ")
                .append("float64 tensors (through DJL); the value and the gradient of the root with respect to <em>every</em> node ")
                .append("(variables, constants and intermediate nodes) are compared. Two numbers agree when NaN meets NaN, when they ")
                .append("are equal, or when their difference is at most ").append(Ulps.COMPOSITE_BOUND)
                .append(" ε × max(|micrograd|, |PyTorch|, rounding scale), ε = 2<sup>-52</sup>: the rounding scale is a bound ")
                .append("(in units of ε) on the rounding error of that node (running error analysis), which only exceeds the value ")
                .append("itself where close numbers cancel. The errors below are in those units.</p>\n");

        h.append("<h2>Totals</h2>\n<table>\n");
        row(h, "random expressions", Long.toString(d.expressions()));
        row(h, "of which with a shared sub-expression (DAG)", Long.toString(d.sharedExpressions()));
        row(h, "values compared", Long.toString(d.valueComparisons()));
        row(h, "gradients compared", Long.toString(d.gradientComparisons()));
        row(h, "gradients not judged (below a ReLU whose input the two engines rounded to opposite sides of 0)", Long.toString(d.indeterminate()));
        row(h, "comparisons out of tolerance (expressions, tanh, networks, edges)", Long.toString(d.failures()));
        row(h, "failed tests", failedTests.isEmpty() ? "none" : esc(String.join(", ", failedTests)));
        row(h, "compiled-graph replays equal bit for bit to the dynamic graph", Long.toString(d.replays()));
        h.append("</table>\n");

        h.append("<h2>Per operation</h2>\n<p><em>nodes</em>: nodes of this op compared by value; <em>gradients</em>: ")
                .append("gradients this op's backward wrote into. Errors cover both.</p>\n<table>\n")
                .append("<tr><th>op</th><th>nodes</th><th>gradients</th><th>max abs error</th><th>max error, ε of scale</th></tr>\n");
        for (Map.Entry<Op, ParityLedger.OpStats> e : d.ops().entrySet()) {
            ParityLedger.OpStats s = e.getValue();
            h.append("<tr><td><code>").append(e.getKey().name().toLowerCase(Locale.ROOT)).append("</code></td>")
                    .append(cell(Long.toString(s.count()))).append(cell(Long.toString(s.gradientComparisons())))
                    .append(cell(num(s.maxAbsError()))).append(cell(num(s.maxScaledError()))).append("</tr>\n");
        }
        h.append("</table>\n");

        h.append("<h2>tanh</h2>\n<p>The lecture's last chapter: PyTorch's tanh backward is <code>grad * (1 - y²)</code> ")
                .append("from the output y, as micrograd's. Swept over [-20, 20], saturation included.</p>\n<table>\n");
        row(h, "samples", Integer.toString(d.tanhSamples()));
        row(h, "max |gradient difference| vs PyTorch", num(d.tanhMaxAbsError()));
        row(h, "max |value difference| vs PyTorch", num(d.tanhMaxValueError()));
        row(h, "max |difference| tanh op vs (e^{2x} - 1)/(e^{2x} + 1), value or gradient", num(d.tanhExpFormMaxAbsError()));
        row(h, "where the exp form breaks", esc(d.tanhExpFormNote()));
        h.append("</table>\n");

        h.append("<h2>Whole networks</h2>\n");
        if (d.networks().isEmpty()) {
            h.append("<p>No network was compared in this run.</p>\n");
        } else {
            h.append("<p>Each parameter's gradient agrees within ").append(Ulps.COMPOSITE_BOUND)
                    .append(" ε × max(|micrograd|, |PyTorch|, S), S the network's gradient scale (its largest gradient): a ")
                    .append("gradient is a sum of contributions of about that size, which may cancel. The loss is judged against ")
                    .append("its own magnitude.</p>\n")
                    .append("<table>\n<tr><th>network and loss</th><th>parameters</th><th>loss</th><th>|loss difference|</th>")
                    .append("<th>max abs gradient error</th><th>max gradient error, ε of max(|a|, |b|, S)</th>")
                    .append("<th>S</th></tr>\n");
            for (ParityLedger.NetworkRow n : d.networks()) {
                h.append("<tr><td>").append(esc(n.name())).append("</td>").append(cell(Integer.toString(n.parameters())))
                        .append(cell(num(n.loss()))).append(cell(num(n.lossError()))).append(cell(num(n.maxAbsError())))
                        .append(cell(num(n.maxScaledError()))).append(cell(num(n.scale()))).append("</tr>\n");
            }
            h.append("</table>\n");
        }

        ParityLedger.SecondOrderRow second = ParityLedger.get().secondOrder();
        h.append("<h2>Second order</h2>\n<p>Autograd's Hessians of random expressions over every op (1 to 4 variables) and ")
                .append("third derivatives of 1-variable ones, against PyTorch's double backward (<code>create_graph</code>); ")
                .append("error = |difference| / max(1, |micrograd|, |PyTorch|).</p>\n<table>\n");
        row(h, "expressions (Hessians) / entries", second.hessians() + " / " + second.entries());
        row(h, "largest Hessian error", num(second.hessianMaxError()));
        row(h, "1-variable expressions (third derivatives)", Long.toString(second.thirdDerivatives()));
        row(h, "largest third-derivative error", num(second.thirdMaxError()));
        row(h, "bound", num(second.bound()));
        h.append("</table>\n");

        h.append("<h2>Domain edges</h2>\n<p>Each row: <code>value; d/d(operands)</code>. Special values are compared ")
                .append("exactly (NaN equal to NaN; <code>-0</code> is not <code>0</code>, the sign of a zero result is part of ")
                .append("the answer); finite results of an exact op bit for bit, of a transcendental op within ")
                .append(Ulps.TRANSCENDENTAL_BOUND).append(" ulps. In gradients <code>-0</code> equals ")
                .append("<code>0</code>: a gradient is a sum that starts at +0, so the sign of a zero gradient means nothing ")
                .append("and PyTorch may give <code>-0</code> where micrograd gives <code>0</code>.</p>\n")
                .append("<table>\n<tr><th>case</th><th>expression</th><th>micrograd for Java</th>")
                .append("<th>PyTorch</th><th>agree</th></tr>\n");
        for (ParityLedger.EdgeRow r : d.edges()) {
            h.append(r.match() ? "<tr>" : "<tr class=\"bad\">").append("<td>").append(esc(r.name())).append("</td><td><code>")
                    .append(esc(r.code())).append("</code></td><td><code>").append(esc(r.micrograd()))
                    .append("</code></td><td><code>").append(esc(r.pytorch())).append("</code></td><td>")
                    .append(r.match() ? "yes" : "<strong>NO</strong>").append("</td></tr>\n");
        }
        h.append("</table>\n");

        h.append("<h2>Environment</h2>\n<table>\n");
        row(h, "PyTorch", esc(pytorchVersion));
        row(h, "DJL", esc(djlVersion));
        row(h, "seed", seed + " (replay: <code>mvn verify -pl micrograd-verify -am -Dparity.seed=" + seed + "</code>)");
        row(h, "Java", esc(System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"));
        row(h, "OS", esc(System.getProperty("os.name") + " " + System.getProperty("os.arch")));
        Machine machine = Machine.current();
        row(h, "CPU", esc(machine.cpu()));
        row(h, "ATEN_CPU_CAPABILITY", esc(machine.atenCpuCapability()));
        row(h, "MKL_CBWR", esc(machine.mklCbwr()));
        row(h, "PyTorch reference", esc(machine.reference()));
        row(h, "comparison rule", esc(Ulps.rule()));
        row(h, "test time", String.format(Locale.ROOT, "%.1f s", seconds));
        row(h, "generated", esc(Instant.now().toString()));
        h.append("</table>\n</body></html>\n");
        return h.toString();
    }

    private static void row(StringBuilder h, String label, String value) {
        h.append("<tr><th>").append(esc(label)).append("</th><td>").append(value).append("</td></tr>\n");
    }

    private static String cell(String s) {
        return "<td class=\"n\">" + s + "</td>";
    }

    private static String num(double x) {
        if (x == 0.0) {
            return "0";
        }
        return Double.isFinite(x) ? String.format(Locale.ROOT, "%.3e", x) : Double.toString(x);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
