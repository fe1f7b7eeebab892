package dev.micrograd.verify.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.micrograd.verify.ParityLedger;
import dev.micrograd.verify.Ulps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run's report, without PyTorch: both files written through ParityReport, nothing left behind, readable by everyone. */
class RunReportTest {

    private static RunReport report() {
        return new RunReport("skipped", "a test", List.of(), 1L, "2.7.1", "0.36.0", 0.0, ParityLedger.get().snapshot());
    }

    @Test
    void writesBothFilesAndNoTemporaryOnes(@TempDir Path dir) throws IOException {
        report().writeTo(dir);
        try (var files = Files.list(dir)) {
            assertEquals(List.of("index.html", "report.json"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        String json = Files.readString(dir.resolve("report.json"));
        assertTrue(json.contains("\"status\": \"skipped\""), json);
        assertTrue(json.contains("\"random expressions\""), "the totals table");
    }

    /** The Environment names what decides PyTorch's last bits, and the rule the numbers were judged by. */
    @Test
    void environmentNamesTheCpuTheKernelSettingsAndTheRule(@TempDir Path dir) throws IOException {
        report().writeTo(dir);
        String json = Files.readString(dir.resolve("report.json"));
        String html = Files.readString(dir.resolve("index.html"));
        Machine machine = Machine.current();
        for (String key : List.of("CPU", "ATEN_CPU_CAPABILITY", "MKL_CBWR", "PyTorch reference", "comparison rule")) {
            assertTrue(json.contains("\"" + key + "\": \""), key);
        }
        assertTrue(json.contains(Ulps.rule()), "the rule in report.json");
        for (String row : List.of("<th>CPU</th><td>" + machine.cpu(), "<th>ATEN_CPU_CAPABILITY</th>", "<th>MKL_CBWR</th>",
                "<th>comparison rule</th><td>")) {
            assertTrue(html.contains(row), row);
        }
    }

    /** A failed run's page does not pass, and says why. */
    @Test
    void aFailedRunsPageFails(@TempDir Path dir) throws IOException {
        new RunReport("failed", "failed: someProperty", List.of("someProperty"), 1L, "2.7.1", "0.36.0", 0.0,
                ParityLedger.get().snapshot()).writeTo(dir);
        String json = Files.readString(dir.resolve("report.json"));
        assertTrue(json.contains("\"passed\": false"), json);
        assertTrue(json.contains("failed: someProperty"), json);
    }

    @Test
    void filesAreReadableByEveryone(@TempDir Path dir) throws IOException {
        assumeTrue(Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class), "no POSIX permissions here");
        report().writeTo(dir);
        // ParityReport's contract: rw-r--r--, not the rw------- of Files.createTempFile
        for (String name : List.of("index.html", "report.json")) {
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name))), name);
        }
    }
}
