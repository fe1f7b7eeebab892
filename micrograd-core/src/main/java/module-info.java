/**
 * micrograd for Java's engine: a scalar-valued autograd engine with no dependencies.
 *
 * <p>The central class is {@link dev.micrograd.engine.Value}.
 */
module dev.micrograd.core {
    exports dev.micrograd.engine;
}
