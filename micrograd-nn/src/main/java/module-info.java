/**
 * micrograd for Java's neural-net library: micrograd's {@code nn.py} and the pieces of its demo.
 *
 * <p>The central class is {@link dev.micrograd.nn.MLP}.
 */
module dev.micrograd.nn {
    requires transitive dev.micrograd.core;

    exports dev.micrograd.nn;
    exports dev.micrograd.nn.io;
}
