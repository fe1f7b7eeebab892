package dev.micrograd.verify.report;

import dev.micrograd.verify.ParityLedger;
import dev.micrograd.verify.ParityRun;
import dev.micrograd.verify.Torch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Writes the parity report when the test plan finishes, whatever happened in it: registered with
 * the JUnit Platform through {@code META-INF/services}, it hears every test's result from the
 * launcher itself, so a failing property (or one that throws) still yields a report, with status
 * {@code failed}. Where PyTorch cannot load, the status is {@code skipped}, except where PyTorch is
 * {@linkplain Torch#required() required} (Linux x86_64): there it is {@code failed}, with the load
 * error as the reason.
 *
 * <p>The folder is the system property {@code parity.reportDir} (the pom sets
 * {@code target/parity-report}).
 */
public final class ParityReportListener implements TestExecutionListener {
    private final List<String> failed = new ArrayList<>();
    private long started;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        started = System.nanoTime();
        failed.clear();
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.FAILED) {
            failed.add(id.getDisplayName());
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        String status;
        String reason;
        if (!Torch.available() && !Torch.required()) {
            status = "skipped";
            reason = Torch.unavailableReason();
        } else if (!Torch.available()) {
            status = "failed";
            reason = Torch.unavailableReason() + (failed.isEmpty() ? "" : "; failed: " + String.join(", ", failed));
        } else if (!failed.isEmpty()) {
            status = "failed";
            reason = "failed: " + String.join(", ", failed);
        } else {
            status = "passed";
            reason = ParityLedger.get().snapshot().expressions() == 0
                    ? "the random-expression property did not run in this test run (a subset of the tests was selected)" : "";
        }
        Path dir = Path.of(System.getProperty("parity.reportDir", "target/parity-report"));
        RunReport report = new RunReport(status, reason, List.copyOf(failed), ParityRun.seed(), Torch.pytorchVersion(),
                Torch.djlVersion(), (System.nanoTime() - started) / 1e9, ParityLedger.get().snapshot());
        try {
            report.writeTo(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the parity report to " + dir.toAbsolutePath(), e);
        }
        System.out.println("micrograd-verify: parity report (" + status + ") written to "
                + dir.resolve("index.html").toAbsolutePath());
    }
}
