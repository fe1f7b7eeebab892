package dev.micrograd.verify.report;

import dev.micrograd.engine.Op;
import dev.micrograd.verify.ParityLedger;
import dev.micrograd.verify.ParityReport;
import dev.micrograd.verify.Ulps;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The module's own parity report: what this test run measured ({@link ParityLedger.Snapshot}) laid
 * out as a {@link ParityReport} page, the one writer of {@code index.html} and {@code report.json}
 * that users' tests use too, with the machine the run compared on ({@link Machine}) in its
 * environment table.
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
public record RunReport(String status, String reason, List<String> failedTests, long seed, String pytorchVersion,
                        String djlVersion, double seconds, ParityLedger.Snapshot data) {

    private static final List<String> FIGURE = List.of("figure", "value");

    /**
     * Writes the page into {@code dir} ({@link ParityReport#writeTo}).
     *
     * @param dir the report folder
     * @throws IOException if a file cannot be written
     */
    public void writeTo(Path dir) throws IOException {
        page().writeTo(dir);
    }

    /** @return the run as a page */
    public ParityReport page() {
        ParityLedger.Snapshot d = data;
        ParityReport page = ParityReport.titled("micrograd for Java: gradient parity with PyTorch")
                .paragraph("Status: " + status + (reason.isEmpty() ? "" : " — " + reason))
                .paragraph("Every random expression is a Value graph, checked by Parity.check against PyTorch float64"
                        + " (through DJL): every node (variables, constants and intermediate nodes) is its op applied"
                        + " to the same operands in both engines, its value and the gradient of the root with respect"
                        + " to it compared by the project's rule: " + Ulps.rule() + ".");
        page.table("Totals", "", FIGURE, List.of(
                List.of("random expressions", Long.toString(d.expressions())),
                List.of("of which with a shared sub-expression (DAG)", Long.toString(d.sharedExpressions())),
                List.of("values compared", Long.toString(d.valueComparisons())),
                List.of("gradients compared", Long.toString(d.gradientComparisons())),
                List.of("comparisons out of tolerance (expressions, tanh, networks, edges)", Long.toString(d.failures())),
                List.of("failed tests", failedTests.isEmpty() ? "none" : String.join(", ", failedTests)),
                List.of("compiled-graph replays equal bit for bit to the dynamic graph", Long.toString(d.replays()))));

        List<List<String>> ops = new ArrayList<>();
        for (Map.Entry<Op, ParityLedger.OpStats> e : d.ops().entrySet()) {
            ParityLedger.OpStats s = e.getValue();
            ops.add(List.of(e.getKey().name().toLowerCase(Locale.ROOT), Long.toString(s.count()),
                    Long.toString(s.gradientComparisons()), num(s.maxAbsError()), Long.toString(s.maxUlps())));
        }
        page.table("Per operation", "nodes: nodes of this op compared by value; gradients: gradients this op's backward"
                + " wrote into. The largest differences cover both.", List.of("op", "nodes", "gradients",
                "max abs difference", "max ulps apart"), ops);

        page.table("tanh", "The lecture's last chapter: PyTorch's tanh backward is grad * (1 - y²) from the output y, as"
                + " micrograd's. Swept over [-20, 20], saturation included, each point checked by Parity.", FIGURE, List.of(
                List.of("samples", Integer.toString(d.tanhSamples())),
                List.of("max |gradient difference| vs PyTorch", num(d.tanhMaxAbsError())),
                List.of("max |value difference| vs PyTorch", num(d.tanhMaxValueError())),
                List.of("max |difference| tanh op vs (e^{2x} - 1)/(e^{2x} + 1), value or gradient",
                        num(d.tanhExpFormMaxAbsError())),
                List.of("where the exp form breaks", d.tanhExpFormNote())));

        List<List<String>> networks = new ArrayList<>();
        for (ParityLedger.NetworkRow n : d.networks()) {
            networks.add(List.of(n.name(), Integer.toString(n.parameters()), num(n.loss()), num(n.lossError()),
                    num(n.maxAbsError()), num(n.maxScaledError()), num(n.scale())));
        }
        page.table("Whole networks", "An MLP against the same network written with PyTorch tensor ops (matrix products):"
                + " each parameter's gradient agrees within " + Ulps.COMPOSITE_BOUND + " ε × max(|micrograd|, |PyTorch|, S),"
                + " S the network's gradient scale (its largest gradient), and every node of the loss's graph passes"
                + " Parity.check.", List.of("network and loss", "parameters", "loss", "|loss difference|",
                "max abs gradient error", "max gradient error, ε of max(|a|, |b|, S)", "S"), networks);

        ParityLedger.SecondOrderRow second = ParityLedger.get().secondOrder();
        page.table("Second order", "Autograd's Hessians of random expressions over every op (1 to 4 variables) and"
                + " third derivatives of 1-variable ones, against PyTorch's double backward (create_graph);"
                + " error = |difference| / max(1, |micrograd|, |PyTorch|).", FIGURE, List.of(
                List.of("expressions (Hessians) / entries", second.hessians() + " / " + second.entries()),
                List.of("largest Hessian error", num(second.hessianMaxError())),
                List.of("1-variable expressions (third derivatives)", Long.toString(second.thirdDerivatives())),
                List.of("largest third-derivative error", num(second.thirdMaxError())),
                List.of("bound", num(second.bound()))));

        page.paragraph("Against the truth: every op's forward value and local derivative, in both engines, against the"
                + " exactly rounded result, is written by TruthTableTest beside this page, in truth/index.html.");

        List<List<String>> edges = new ArrayList<>();
        for (ParityLedger.EdgeRow r : d.edges()) {
            edges.add(List.of(r.name(), r.code(), r.micrograd(), r.pytorch(), r.match() ? "yes" : "NO"));
        }
        page.table("Domain edges", "Each row: value; d/d(operands). Special values are compared exactly (NaN equal to"
                + " NaN; -0 is not 0, the sign of a zero result is part of the answer); finite results of an exact op bit"
                + " for bit, of a transcendental op within Ulps.boundFor ulps. In gradients -0 equals 0: a gradient is a"
                + " sum that starts at +0.", List.of("case", "expression", "micrograd for Java", "PyTorch", "agree"), edges);

        if (status.equals("failed")) {
            page.failure(reason);
        }
        Machine machine = Machine.current();
        return page.environment("status", status)
                .environment("PyTorch", pytorchVersion)
                .environment("DJL", djlVersion)
                .environment("seed", seed + " (replay: mvn verify -pl micrograd-verify -am -Dparity.seed=" + seed + ")")
                .environment("Java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")")
                .environment("OS", System.getProperty("os.name") + " " + System.getProperty("os.arch"))
                .environment("CPU", machine.cpu())
                .environment("ATEN_CPU_CAPABILITY", machine.atenCpuCapability())
                .environment("MKL_CBWR", machine.mklCbwr())
                .environment("PyTorch reference", machine.reference())
                .environment("comparison rule", Ulps.rule())
                .environment("test time", String.format(Locale.ROOT, "%.1f s", seconds))
                .environment("generated", Instant.now().toString());
    }

    private static String num(double x) {
        if (x == 0.0) {
            return "0";
        }
        return Double.isFinite(x) ? String.format(Locale.ROOT, "%.3e", x) : Double.toString(x);
    }
}
