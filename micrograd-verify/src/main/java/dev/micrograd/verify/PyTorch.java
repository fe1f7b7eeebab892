package dev.micrograd.verify;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;

/**
 * PyTorch, reached through DJL, as {@link Parity}'s reference engine: whether it loads on this
 * platform, and a float64 array manager when it does.
 *
 * <p>Loading is tried once per JVM, on first use. DJL finds the engine
 * ({@code ai.djl.pytorch:pytorch-engine}) and its native library
 * ({@code ai.djl.pytorch:pytorch-native-cpu} with the platform's classifier) on the class path;
 * with the system property {@code ai.djl.offline=true} it never downloads.
 */
public final class PyTorch {
    /** DJL's name for the PyTorch engine. */
    public static final String ENGINE = "PyTorch";

    /** The platforms for which PyTorch publishes a CPU library DJL can load, as Maven classifiers. */
    public static final String CLASSIFIERS = "linux-x86_64, linux-aarch64, osx-aarch64, win-x86_64";

    private static final class Holder {
        static final String FAILURE = load();
    }

    private PyTorch() {
    }

    private static String load() {
        try {
            Engine.getEngine(ENGINE);
            try (NDManager probe = NDManager.newBaseManager(ENGINE)) {
                double three = probe.create(1.0).add(probe.create(2.0)).getDouble();
                if (three != 3.0) {
                    return "PyTorch computed 1 + 2 = " + three;
                }
            }
            return null;
        } catch (Throwable e) { // UnsatisfiedLinkError, EngineException, IllegalArgumentException: all mean "no PyTorch here"
            return e.toString();
        }
    }

    /**
     * Whether PyTorch's native library loaded in this JVM and computed {@code 1 + 2}.
     *
     * @return true if {@link #newManager()} will work
     */
    public static boolean available() {
        return Holder.FAILURE == null;
    }

    /**
     * Why PyTorch is not available here, with what to do about it; empty when it is.
     *
     * @return the reason, or {@code ""}
     */
    public static String unavailableReason() {
        return Holder.FAILURE == null ? "" : reasonFor(Holder.FAILURE);
    }

    /** The message for a load that failed with {@code failure}: what failed, where, and how to get PyTorch. */
    static String reasonFor(String failure) {
        return "PyTorch could not be loaded on " + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                + " (" + failure + "). To get it, put ai.djl.pytorch:pytorch-engine, pytorch-jni and"
                + " pytorch-native-cpu with this platform's classifier (one of " + CLASSIFIERS + ") on the test"
                + " class path (micrograd-verify brings them for linux-x86_64, osx-aarch64 and win-x86_64), and run with"
                + " -Dai.djl.offline=true to use the jar's library instead of downloading one";
    }

    /**
     * Throws unless PyTorch is available.
     *
     * @throws PyTorchUnavailableException with {@link #unavailableReason()} if it is not
     */
    public static void require() {
        if (!available()) {
            throw new PyTorchUnavailableException(unavailableReason());
        }
    }

    /**
     * The version of the PyTorch library DJL loaded.
     *
     * @return the version
     * @throws PyTorchUnavailableException if PyTorch is not available
     */
    public static String version() {
        require();
        return Engine.getEngine(ENGINE).getVersion();
    }

    /**
     * A new root array manager of the PyTorch engine, on the CPU; close it (try-with-resources).
     *
     * @return a manager
     * @throws PyTorchUnavailableException if PyTorch is not available
     */
    public static NDManager newManager() {
        require();
        return NDManager.newBaseManager(ENGINE);
    }
}
