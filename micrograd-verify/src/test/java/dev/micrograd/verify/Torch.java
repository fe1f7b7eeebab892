package dev.micrograd.verify;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import dev.micrograd.engine.Op;
import java.util.Locale;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * PyTorch, reached through DJL, in float64: whether it loads here (and whether it must), and the
 * same operations as micrograd's {@code Value} written as tensor operations (DJL's verbs mirror
 * ours).
 *
 * <p>Where PyTorch cannot load, the parity tests are skipped with the reason, except on Linux
 * x86_64, our CI platform: there they fail with the load error, so a broken native library can
 * never turn {@code mvn verify} green. {@code -Dparity.pytorch=off} switches PyTorch off on any
 * platform, to see the skip path.
 *
 * <p>Every array is 0-dimensional float64, made by {@link NDManager#create(double)}; callers open
 * every {@link NDManager} and {@link GradientCollector} in try-with-resources.
 */
public final class Torch {
    /** DJL's name for the PyTorch engine. */
    public static final String ENGINE = "PyTorch";

    private static final boolean REQUIRED = requiredOn(System.getProperty("os.name", ""),
            System.getProperty("os.arch", ""), System.getProperty("parity.pytorch", "on"));
    private static final String UNAVAILABLE_REASON;
    private static final String VERSION;

    static {
        String reason = null;
        String version = null;
        if (switchedOff(System.getProperty("parity.pytorch", "on"))) {
            reason = "PyTorch switched off with -Dparity.pytorch=off; PyTorch parity tests are skipped";
        } else {
            try {
                Engine engine = Engine.getEngine(ENGINE);
                version = engine.getVersion();
                try (NDManager probe = NDManager.newBaseManager(ENGINE)) {
                    probe.create(1.0).add(probe.create(2.0)).getDouble();
                }
            } catch (Throwable e) { // UnsatisfiedLinkError, EngineException, IllegalArgumentException: all mean "no PyTorch here"
                String where = System.getProperty("os.name") + " " + System.getProperty("os.arch");
                reason = REQUIRED
                        ? "PyTorch native library could not be loaded on " + where + " (" + e + "), where the parity tests"
                                + " must run (linux-x86_64 is the CI platform): every PyTorch parity test fails;"
                                + " -Dparity.pytorch=off skips them deliberately"
                        : "PyTorch native library could not be loaded on " + where + " (" + e
                                + "); PyTorch parity tests are skipped";
            }
        }
        if (reason != null) {
            System.out.println("micrograd-verify: " + reason);
        }
        UNAVAILABLE_REASON = reason;
        VERSION = version;
    }

    private static volatile Nudge nudge = Nudge.fromProperty(System.getProperty("parity.nudge", ""));

    private Torch() {
    }

    /**
     * The nudge applied to PyTorch's transcendental results ({@link Nudge}): {@link Nudge#NONE}
     * unless {@code -Dparity.nudge=SEED} asks for one, or {@link #nudged} sets one for a while.
     *
     * @return the nudge in force
     */
    public static Nudge nudge() {
        return nudge;
    }

    /**
     * Runs {@code body} with PyTorch's transcendental results moved by {@code n}, then restores
     * the nudge in force before. For tests that run one at a time (this module's do).
     *
     * @param n the nudge
     * @param body what to compute
     * @param <T> its result type
     * @return the body's result
     */
    public static <T> T nudged(Nudge n, java.util.function.Supplier<T> body) {
        Nudge before = nudge;
        nudge = n;
        try {
            return body.get();
        } finally {
            nudge = before;
        }
    }

    /** @return true if PyTorch's native library loaded and computed 1 + 2 */
    public static boolean available() {
        return UNAVAILABLE_REASON == null;
    }

    /**
     * Whether PyTorch must load in this JVM: on Linux x86_64 (our CI), unless switched off with
     * {@code -Dparity.pytorch=off}. There an unavailable PyTorch fails the parity tests instead of
     * skipping them.
     *
     * @return true if PyTorch is required here
     */
    public static boolean required() {
        return REQUIRED;
    }

    /**
     * The rule of {@link #required()}, for given system properties.
     *
     * @param osName {@code os.name}
     * @param osArch {@code os.arch}
     * @param pytorchSwitch {@code parity.pytorch} ({@code off} switches PyTorch off)
     * @return true on Linux amd64/x86_64 with PyTorch not switched off
     */
    static boolean requiredOn(String osName, String osArch, String pytorchSwitch) {
        String arch = osArch.trim().toLowerCase(Locale.ROOT);
        return osName.trim().toLowerCase(Locale.ROOT).startsWith("linux")
                && (arch.equals("amd64") || arch.equals("x86_64"))
                && !switchedOff(pytorchSwitch);
    }

    private static boolean switchedOff(String pytorchSwitch) {
        return "off".equalsIgnoreCase(pytorchSwitch.trim());
    }

    /**
     * The first line of every JUnit test that needs PyTorch: returns if it loaded; otherwise fails
     * the test where PyTorch is {@linkplain #required() required} (with the load error), and
     * elsewhere aborts it, so it is reported as skipped with the reason.
     */
    public static void assumeAvailable() {
        if (available()) {
            return;
        }
        if (REQUIRED) {
            Assertions.fail(UNAVAILABLE_REASON);
        }
        Assumptions.assumeTrue(false, UNAVAILABLE_REASON);
    }

    /** @return why PyTorch is unavailable (with the load error), or an empty string */
    public static String unavailableReason() {
        return UNAVAILABLE_REASON == null ? "" : UNAVAILABLE_REASON;
    }

    /** @return the loaded PyTorch version, else the one the build declares */
    public static String pytorchVersion() {
        return VERSION != null ? VERSION : System.getProperty("parity.pytorchVersion", "unknown");
    }

    /** @return DJL's version */
    public static String djlVersion() {
        String v = null;
        try {
            v = Engine.getDjlVersion();
        } catch (Throwable ignored) {
            // fall back to the version the build passes in
        }
        return v != null ? v : System.getProperty("parity.djlVersion", "unknown");
    }

    /**
     * A new root manager on the CPU for PyTorch.
     *
     * @return a manager to close
     */
    public static NDManager newManager() {
        return NDManager.newBaseManager(ENGINE);
    }

    /**
     * A new gradient collector of {@code manager}'s engine.
     *
     * @param manager the manager whose arrays are differentiated
     * @return a collector to close
     */
    public static GradientCollector collector(NDManager manager) {
        return manager.getEngine().newGradientCollector();
    }

    /**
     * A float64 leaf whose gradient PyTorch records.
     *
     * @param manager its manager
     * @param x the value
     * @return the array
     */
    public static NDArray leaf(NDManager manager, double x) {
        NDArray a = manager.create(x);
        a.setRequiresGradient(true);
        return a;
    }

    /**
     * The value of a 0-d array.
     *
     * @param a the array
     * @return its double
     */
    public static double scalar(NDArray a) {
        return a.toDoubleArray()[0];
    }

    /**
     * The gradient of a leaf after {@link GradientCollector#backward(NDArray)}.
     *
     * @param a a leaf made by {@link #leaf(NDManager, double)}
     * @return its gradient
     */
    public static double grad(NDArray a) {
        return scalar(a.getGradient());
    }

    /**
     * {@code a op b}, as micrograd's binary op.
     *
     * @param op the operation
     * @param a left
     * @param b right
     * @return a new array
     */
    public static NDArray binary(Expr.BinaryOp op, NDArray a, NDArray b) {
        switch (op) {
            case ADD: return a.add(b);
            case SUB: return a.sub(b);
            case MUL: return a.mul(b);
            case DIV: return a.div(b);
            default: return apply(op.op, a, b);
        }
    }

    /**
     * {@code op(a)}, as micrograd's unary op ({@code relu} and {@code sigmoid} from DJL's
     * {@link Activation}), elementwise; the transcendental ones moved by the {@link #nudge()} in
     * force.
     *
     * @param op the operation
     * @param a the operand
     * @return a new array
     */
    public static NDArray unary(Expr.UnaryOp op, NDArray a) {
        NDArray t;
        switch (op) {
            case NEG: return a.neg();
            case RELU: return Activation.relu(a);
            case EXP: t = a.exp(); break;
            case LOG: t = a.log(); break;
            case TANH: t = a.tanh(); break;
            case SIGMOID: t = Activation.sigmoid(a); break;
            default: return apply(Op.valueOf(op.name()), a);
        }
        return nudge.apply(op, a, t);
    }

    /**
     * {@code a ** k} with a float64 0-d exponent tensor (PyTorch's {@code pow(Tensor, Tensor)},
     * whose backward is {@code where(k == 0, 0, g * k * a^(k-1))}), moved by the {@link #nudge()} in
     * force.
     *
     * @param manager the manager for the exponent
     * @param a the base
     * @param k the exponent
     * @return a new array
     */
    public static NDArray pow(NDManager manager, NDArray a, double k) {
        return nudge.applyPow(a, a.pow(manager.create(k)), k);
    }

    /**
     * The sum of the terms, as one tensor reduction ({@code stack(terms).sum()}).
     *
     * @param terms the terms
     * @return a new 0-d array
     */
    public static NDArray sum(NDArray... terms) {
        return NDArrays.stack(new NDList(terms)).sum();
    }

    /**
     * {@code bias + weights · inputs}, with the product as a tensor dot product.
     *
     * @param weights the weights
     * @param inputs the inputs
     * @param bias the bias
     * @return a new 0-d array
     */
    public static NDArray dot(NDArray[] weights, NDArray[] inputs, NDArray bias) {
        NDArray w = NDArrays.stack(new NDList(weights));
        NDArray x = NDArrays.stack(new NDList(inputs));
        return bias.add(w.dot(x));
    }

    /**
     * The operations beyond micrograd's as PyTorch computes them: {@code torch.sin}, {@code cos},
     * {@code sqrt}, {@code abs}, {@code nn.functional.softplus} (beta 1, threshold 20),
     * {@code pow(Tensor, Tensor)}, {@code maximum} and {@code minimum}.
     *
     * @param op one of {@code SIN, COS, SQRT, ABS, SOFTPLUS} (one operand) or
     *        {@code POW_VALUE, MAX, MIN} (two)
     * @param x the operands
     * @return a new array
     * @throws IllegalArgumentException for another op
     */
    public static NDArray apply(Op op, NDArray... x) {
        return switch (op) {
            case SIN -> x[0].sin();
            case COS -> x[0].cos();
            case SQRT -> x[0].sqrt();
            case ABS -> x[0].abs();
            case SOFTPLUS -> Activation.softPlus(x[0]);
            case POW_VALUE -> x[0].pow(x[1]);
            case MAX -> x[0].maximum(x[1]);
            case MIN -> x[0].minimum(x[1]);
            default -> throw new IllegalArgumentException(
                    "expected one of SIN, COS, SQRT, ABS, SOFTPLUS, POW_VALUE, MAX, MIN, found " + op);
        };
    }
}
