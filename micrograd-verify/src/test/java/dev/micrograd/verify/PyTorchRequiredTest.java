package dev.micrograd.verify;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Where the parity tests may be skipped and where they must run: Linux x86_64 is our CI platform,
 * and there a PyTorch that does not load is a failure, never a skip.
 */
class PyTorchRequiredTest {

    @Test
    void pytorchIsRequiredOnLinuxX8664Only() {
        assertTrue(Torch.requiredOn("Linux", "amd64", "on"));
        assertTrue(Torch.requiredOn("Linux", "x86_64", "on"));
        assertFalse(Torch.requiredOn("Linux", "aarch64", "on"));
        assertFalse(Torch.requiredOn("Mac OS X", "aarch64", "on"));
        assertFalse(Torch.requiredOn("Mac OS X", "x86_64", "on"));
        assertFalse(Torch.requiredOn("Windows 11", "amd64", "on"));
    }

    @Test
    void parityPytorchOffSwitchesTheRequirementOff() {
        assertFalse(Torch.requiredOn("Linux", "amd64", "off"));
        assertFalse(Torch.requiredOn("Linux", "amd64", " OFF "));
    }

    @Test
    void pytorchLoadsWhereItIsRequired() {
        if (Torch.required()) {
            assertTrue(Torch.available(), Torch::unavailableReason);
        }
    }
}
