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

/** The report's files, without PyTorch: both written, nothing left behind, readable by everyone. */
class ParityReportTest {

    private static ParityReport report() {
        return new ParityReport("skipped", "a test", List.of(), 1L, "2.7.1", "0.36.0", 0.0, ParityLedger.get().snapshot());
    }

    @Test
    void writesBothFilesAndNoTemporaryOnes(@TempDir Path dir) throws IOException {
        report().writeTo(dir);
        try (var files = Files.list(dir)) {
            assertEquals(List.of("index.html", "report.json"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertTrue(Files.readString(dir.resolve("report.json")).contains("\"status\": \"skipped\""));
    }

    /** The Environment names what decides PyTorch's last bits, and the rule the numbers were judged by. */
    @Test
    void environmentNamesTheCpuTheKernelSettingsAndTheRule(@TempDir Path dir) throws IOException {
        report().writeTo(dir);
        String json = Files.readString(dir.resolve("report.json"));
        String html = Files.readString(dir.resolve("index.html"));
        Machine machine = Machine.current();
        for (String key : List.of("cpu", "atenCpuCapability", "mklCbwr", "reference", "comparisonRule")) {
            assertTrue(json.contains("\"" + key + "\": \""), key);
        }
        assertTrue(json.contains(Ulps.rule()), "the rule in report.json");
        for (String row : List.of("<th>CPU</th><td>" + machine.cpu(), "<th>ATEN_CPU_CAPABILITY</th>", "<th>MKL_CBWR</th>",
                "<th>comparison rule</th><td>")) {
            assertTrue(html.contains(row), row);
        }
    }

    @Test
    void filesHaveTheUmasksPermissionsLikeAnyNewFile(@TempDir Path dir) throws IOException {
        assumeTrue(Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class), "no POSIX permissions here");
        report().writeTo(dir);
        // under the usual umask 022 that is rw-r--r--, not the rw------- of Files.createTempFile
        String plain = PosixFilePermissions.toString(Files.getPosixFilePermissions(Files.createFile(dir.resolve("plain"))));
        for (String name : List.of("index.html", "report.json")) {
            assertEquals(plain, PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name))), name);
        }
    }
}
