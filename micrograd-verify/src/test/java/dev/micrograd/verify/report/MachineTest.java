package dev.micrograd.verify.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Environment section's machine, from given sources (the lines are real /proc/cpuinfo lines, shortened). */
class MachineTest {
    static final List<String> XEON = List.of("processor\t: 0", "model name\t: Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz",
            "flags\t\t: fpu sse2 avx avx2 fma avx512f avx512dq avx512bw", "processor\t: 1",
            "model name\t: Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz");
    static final List<String> EPYC = List.of("model name\t: AMD EPYC 7B13", "flags\t\t: fpu sse2 avx avx2 fma");

    @Test
    void unsetSettingsNameWhatTheCpuOffers() {
        Machine xeon = Machine.of(XEON, Map.of(), "amd64", "as it is");
        assertEquals("Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz (avx512)", xeon.cpu());
        assertEquals("not set: PyTorch picks the best the CPU has (avx512)", xeon.atenCpuCapability());
        assertEquals("not set: MKL picks its code path by the CPU (avx512)", xeon.mklCbwr());
        assertEquals("not set: PyTorch picks the best the CPU has (avx2)", Machine.of(EPYC, Map.of(), "amd64", "").atenCpuCapability());
    }

    @Test
    void givenSettingsAreReportedAsGiven() {
        Machine m = Machine.of(EPYC, Map.of("ATEN_CPU_CAPABILITY", "default", "MKL_CBWR", "COMPATIBLE"), "amd64", "as it is");
        assertEquals("AMD EPYC 7B13 (avx2)", m.cpu());
        assertEquals("default", m.atenCpuCapability());
        assertEquals("COMPATIBLE", m.mklCbwr());
    }

    @Test
    void withoutCpuinfoTheCpuIsNamedByOsArch() {
        assertEquals("aarch64", Machine.of(List.of(), Map.of(), "aarch64", "").cpu());
    }
}
