package dev.micrograd.verify;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import org.opentest4j.AssertionFailedError;

/**
 * The jqwik side of {@link Torch#assumeAvailable()}: where PyTorch's native library cannot load,
 * skips a property or container with {@link Torch#unavailableReason()}; where PyTorch is
 * {@linkplain Torch#required() required} (Linux x86_64), fails each property instead, with the
 * load error, without running a single try.
 */
public final class RequiresPyTorch implements SkipExecutionHook, AroundPropertyHook {
    /** Declared on a container, it must still reach each property there to fail it. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
        return Torch.available() || Torch.required() ? SkipResult.doNotSkip() : SkipResult.skip(Torch.unavailableReason());
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        if (!Torch.available()) {
            throw new AssertionFailedError(Torch.unavailableReason());
        }
        return property.execute();
    }
}
