package dev.micrograd.verify;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.micrograd.engine.Graph;
import dev.micrograd.engine.Op;
import dev.micrograd.engine.Value;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * PyTorch as this module's tests use it: whether it loads here ({@link PyTorch}) and whether it
 * must, the nudge in force, and the reference each test compares with: {@link OpTables}' PyTorch
 * table ({@link #rule}, nudged when a nudge is in force), to judge a graph with {@link Parity} or to
 * build it whole in PyTorch ({@link #replay}).
 *
 * <p>Where PyTorch cannot load, the parity tests are skipped with the reason, except on Linux
 * x86_64, our CI platform: there they fail with the load error, so a broken native library can
 * never turn {@code mvn verify} green. {@code -Dparity.pytorch=off} switches PyTorch off on any
 * platform, to see the skip path.
 *
 * <p>Callers open every {@link NDManager} and {@link GradientCollector} in try-with-resources.
 */
public final class Torch {
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
            if (PyTorch.available()) {
                version = PyTorch.version();
            } else {
                reason = PyTorch.unavailableReason() + (REQUIRED
                        ? "; the parity tests must run here (linux-x86_64 is the CI platform): every PyTorch parity test"
                                + " fails; -Dparity.pytorch=off skips them deliberately"
                        : "; PyTorch parity tests are skipped");
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
        return PyTorch.newManager();
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
        return a.getDouble();
    }

    /**
     * The gradient PyTorch accumulated in a leaf.
     *
     * @param leaf a leaf made by {@link #leaf}
     * @return its gradient
     */
    public static double grad(NDArray leaf) {
        return leaf.getGradient().getDouble();
    }

    /**
     * PyTorch's rule for {@code op}, {@link OpTables#torch}, with the {@link #nudge()} in force
     * applied to its result: what {@link Parity} compares with in these tests.
     *
     * @param op an op
     * @return the rule
     */
    public static OpTables.TorchRule rule(Op op) {
        OpTables.TorchRule rule = OpTables.torch(op);
        Nudge n = nudge;
        if (!n.active()) {
            return rule;
        }
        return (manager, node, operands) -> n.apply(op, node, operands, rule.apply(manager, node, operands));
    }

    /**
     * {@code op} applied to arrays by {@link #rule}: for an op without a constant (every op but
     * {@code pow} with a constant exponent).
     *
     * @param op the op
     * @param manager the manager
     * @param operands the operands, in the op's operand order
     * @return a new array
     */
    public static NDArray apply(Op op, NDManager manager, NDArray... operands) {
        return rule(op).apply(manager, null, operands);
    }

    /**
     * The graph below {@code root} built whole in PyTorch, node by node through {@link #rule}:
     * {@code leaf} gives each leaf's array, every other node is its op applied to its operands'
     * arrays, so PyTorch's autograd differentiates the same graph end to end.
     *
     * @param manager the manager
     * @param root the output
     * @param leaf the array of each leaf (a variable, a constant)
     * @return the root's array
     */
    public static NDArray replay(NDManager manager, Value root, Function<Value, NDArray> leaf) {
        Map<Value, NDArray> arrays = new IdentityHashMap<>();
        for (Value node : Graph.compile(root).nodes()) {
            NDArray out;
            if (node.isLeaf()) {
                out = leaf.apply(node);
            } else {
                List<Value> children = node.children();
                NDArray[] in = new NDArray[children.size()];
                for (int j = 0; j < in.length; j++) {
                    in[j] = arrays.get(children.get(j));
                }
                out = rule(node.operation()).apply(manager, node, in);
            }
            arrays.put(node, out);
        }
        return arrays.get(root);
    }
}
