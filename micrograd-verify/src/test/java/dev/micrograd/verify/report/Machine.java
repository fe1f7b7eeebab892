package dev.micrograd.verify.report;

import dev.micrograd.verify.Torch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The machine a parity run compared on, as far as it decides PyTorch's last bits: the CPU model and
 * its vector extensions, and the two settings that choose PyTorch's kernels: {@code
 * ATEN_CPU_CAPABILITY} (ATen's vectorised kernels: {@code default}, {@code avx2}, {@code avx512})
 * and {@code MKL_CBWR} (the code path of Intel's math library, e.g. {@code COMPATIBLE}, {@code
 * AVX2}). Both are read by the native library when it loads, so only the process environment
 * counts.
 *
 * @param cpu the CPU model ({@code /proc/cpuinfo}'s "model name"; {@code os.arch} where there is none)
 * @param atenCpuCapability {@code ATEN_CPU_CAPABILITY} as given, or what PyTorch picks when it is not set
 * @param mklCbwr {@code MKL_CBWR} as given, or what MKL does when it is not set
 * @param reference which PyTorch the tests compared against: as it is, or nudged (a test of the rule)
 */
public record Machine(String cpu, String atenCpuCapability, String mklCbwr, String reference) {

    /** @return this JVM's machine: {@code /proc/cpuinfo} (if readable), the environment, {@link Torch#nudge()} */
    public static Machine current() {
        List<String> cpuinfo = List.of();
        try {
            cpuinfo = Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            // no /proc (macOS, Windows): the CPU is named by os.arch
        }
        return of(cpuinfo, System.getenv(), System.getProperty("os.arch", "unknown"), Torch.nudge().description());
    }

    /**
     * The machine described by the given sources.
     *
     * @param cpuinfo the lines of {@code /proc/cpuinfo}, empty where there is none
     * @param environment the process environment
     * @param osArch {@code os.arch}, the CPU's name where {@code cpuinfo} gives none
     * @param reference which PyTorch the tests compared against
     * @return the description
     */
    public static Machine of(List<String> cpuinfo, Map<String, String> environment, String osArch, String reference) {
        String model = field(cpuinfo, "model name");
        List<String> flags = Arrays.asList(field(cpuinfo, "flags").split("\\s+"));
        String best = flags.contains("avx512f") ? "avx512" : flags.contains("avx2") ? "avx2" : "default";
        String cpu = (model.isEmpty() ? osArch : model) + (model.isEmpty() ? "" : " (" + best + ")");
        String aten = given(environment, "ATEN_CPU_CAPABILITY",
                "not set: PyTorch picks the best the CPU has (" + best + ")");
        String mkl = given(environment, "MKL_CBWR",
                "not set: MKL picks its code path by the CPU (" + best + ")");
        return new Machine(cpu, aten, mkl, reference);
    }

    private static String given(Map<String, String> environment, String name, String otherwise) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? otherwise : value.trim();
    }

    /** The value of the first {@code name : value} line, or an empty string. */
    private static String field(List<String> cpuinfo, String name) {
        for (String line : cpuinfo) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return "";
    }
}
