package dev.micrograd.verify;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.micrograd.engine.Value;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * tanh's backward, as the lecture's last chapter digs into PyTorch's: PyTorch computes
 * {@code grad * (1 - y²)} from the output {@code y}, and so does micrograd for Java. Swept over
 * [-20, 20] in steps of 0.01, saturation (|x| above about 19.06, where tanh rounds to ±1 and the
 * gradient to 0) included. Also the lecture's 1:27:05 chapter: tanh written as
 * {@code (e^{2x} - 1)/(e^{2x} + 1)} from exp, add, sub and div gives the same numbers, until
 * {@code e^{2x}} overflows.
 */
class TanhParityTest {
    static final double FROM = -20.0;
    static final double STEP = 0.01;
    static final int SAMPLES = 4001;
    static double x(int i) {
        return FROM + i * STEP;
    }

    /**
     * What the sweep found.
     *
     * @param maxGradientError largest |gradient difference|
     * @param maxValueError largest |value difference|
     * @param maxExpForm largest |tanh op - exp form|, value or gradient
     * @param mismatches one line per disagreement
     */
    record Sweep(double maxGradientError, double maxValueError, double maxExpForm, List<String> mismatches) {
    }

    /**
     * The sweep, each point {@code tanh(x)} judged by {@link Parity} against {@link Torch#rule}: the
     * value is one op applied to the same double in both engines, so within {@link Ulps#boundFor}
     * ulps; the gradient {@code 1 - y²} is computed from values that may already be that far apart
     * (near saturation a 2-ulp difference in y is most of the gradient), which Parity's allowance
     * for it takes in ({@link Ulps#derivativesAgree}).
     *
     * @return the largest differences and the mismatches
     */
    static Sweep sweep() {
        double maxGradient = 0;
        double maxValue = 0;
        double maxExpForm = 0;
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            double x = x(i);
            Value v = Value.of(x, "x");
            Value t = v.tanh();
            Parity.Result r = Parity.check(t, Torch::rule);
            Parity.Row leaf = r.rows().get(0);
            Parity.Row tanh = r.rows().get(1);
            maxGradient = Math.max(maxGradient, Math.abs(leaf.grad() - leaf.pytorchGrad()));
            maxValue = Math.max(maxValue, Math.abs(tanh.value() - tanh.pytorchValue()));
            if (!r.passed()) {
                mismatches.add(String.format("tanh(%s): micrograd %s and tanh' %s, PyTorch %s and %s (%d / %d ulps)", x,
                        tanh.value(), leaf.grad(), tanh.pytorchValue(), leaf.pytorchGrad(), tanh.valueUlps(),
                        leaf.gradUlps()));
            }
            t.backward();
            double[] exp = expForm(x);
            maxExpForm = Math.max(maxExpForm, Math.max(Math.abs(exp[0] - t.data()), Math.abs(exp[1] - v.grad())));
        }
        return new Sweep(maxGradient, maxValue, maxExpForm, mismatches);
    }

    @Test
    void tanhBackwardEqualsPyTorchAcrossMinus20To20() {
        Torch.assumeAvailable();
        Sweep sweep = sweep();
        ParityLedger.get().tanh(SAMPLES, sweep.maxGradientError(), sweep.maxValueError(), sweep.maxExpForm(), expFormNote());
        ParityLedger.get().failures(sweep.mismatches().size());
        assertTrue(sweep.mismatches().isEmpty(), "tanh disagrees with PyTorch:\n  " + String.join("\n  ", sweep.mismatches()));
        assertTrue(sweep.maxExpForm() <= 1e-12, "tanh op vs its exp form differ by " + sweep.maxExpForm());
    }

    /** The lecture's 1:27:05 form: value and gradient of (e^{2x} - 1)/(e^{2x} + 1), built from primitives. */
    static double[] expForm(double x0) {
        Value x = Value.of(x0);
        Value e = x.mul(2).exp();
        Value t = e.sub(1).div(e.add(1));
        t.backward();
        return new double[] {t.data(), x.grad()};
    }

    /** The smallest x at which the exp form's value is NaN: e^{2x} overflows, and Infinity/Infinity is NaN. */
    static double expFormBreakdown() {
        double lo = 20;   // finite here
        double hi = 400;  // NaN here
        while (Math.nextUp(lo) < hi) {
            double mid = lo + (hi - lo) / 2;
            if (mid <= lo || mid >= hi) {
                break;
            }
            if (Double.isNaN(expForm(mid)[0])) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    static String expFormNote() {
        double at = expFormBreakdown();
        return String.format("exp form is NaN (value and gradient) from x = %.6f = ln(Double.MAX_VALUE)/2 on, where e^{2x} "
                + "overflows to Infinity and Infinity/Infinity is NaN; the tanh op gives 1 with gradient 0 there. "
                + "On the negative side e^{2x} underflows to 0 and the exp form stays at -1.", at);
    }

    @Test
    void expFormOverflowsWhereTheTanhOpDoesNot() {
        double at = expFormBreakdown();
        double[] exp = expForm(at);
        Value x = Value.of(at);
        Value t = x.tanh();
        t.backward();
        assertAll(
                () -> assertEquals(Math.log(Double.MAX_VALUE) / 2, at, 1e-12, "breakdown point"),
                () -> assertTrue(Double.isNaN(exp[0]) && Double.isNaN(exp[1]), "exp form is NaN"),
                () -> assertEquals(1.0, t.data()),
                () -> assertEquals(0.0, x.grad()),
                () -> assertEquals(-1.0, expForm(-400)[0]),
                () -> assertEquals(0.0, expForm(-400)[1]));
    }
}
