/**
 * micrograd-verify: checks a micrograd for Java graph against PyTorch ({@link dev.micrograd.verify.Parity})
 * and against exact arithmetic ({@link dev.micrograd.verify.Exact}), judged by one rule
 * ({@link dev.micrograd.verify.Ulps}), and writes the results as an HTML and JSON page
 * ({@link dev.micrograd.verify.ParityReport}).
 *
 * <p>DJL's API, big-math and Gson are read as automatic or named modules; the PyTorch engine and
 * its native library are found by DJL at run time through the service loader.
 */
module dev.micrograd.verify {
    requires transitive dev.micrograd.core;
    requires ai.djl.api;
    requires ch.obermuhlner.math.big;
    requires com.google.gson;

    exports dev.micrograd.verify;
}
