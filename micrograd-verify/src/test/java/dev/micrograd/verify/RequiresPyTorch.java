package dev.micrograd.verify;

import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * Skips a jqwik property or container, with {@link Torch#unavailableReason()}, where PyTorch's
 * native library cannot load (JUnit tests use {@code Assumptions} for the same).
 */
public final class RequiresPyTorch implements SkipExecutionHook {
    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
        return Torch.available() ? SkipResult.doNotSkip() : SkipResult.skip(Torch.unavailableReason());
    }
}
