package dev.micrograd.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.micrograd.engine.Value;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

class CrossEntropyProperties {
    /** Random logits: K numbers uniform in [-scale, scale). */
    static double[] logits(int k, double scale, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] z = new double[k];
        for (int i = 0; i < k; i++) {
            z[i] = scale * (2 * rng.nextDouble() - 1);
        }
        return z;
    }

    /** log Σ e^z in plain doubles, as max + log Σ e^(z - max). */
    static double logSumExp(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : z) {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum);
    }

    /** softmax in plain doubles, shifted by the max: the reference the graph is compared with. */
    static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[z.length];
        for (int k = 0; k < z.length; k++) {
            p[k] = Math.exp(z[k] - max);
            sum += p[k];
        }
        for (int k = 0; k < z.length; k++) {
            p[k] /= sum;
        }
        return p;
    }

    /**
     * Property: for any finite logits z and class t, d(-log softmax(z)[t])/dz = softmax(z) - onehot(t)
     * (to rounding: 1e-14 absolute, the probabilities being at most 1), and the loss is
     * logsumexp(z) - z[t] (relative 1e-12); for logits up to ±1000, where e^z alone overflows.
     */
    @Property(tries = 500)
    void theGradientIsSoftmaxMinusOneHot(@ForAll @IntRange(min = 1, max = 8) int k,
                                         @ForAll @IntRange(min = 0, max = 7) int target,
                                         @ForAll @DoubleRange(min = 0.0, max = 1000.0) double scale,
                                         @ForAll long seed) {
        int t = target % k;
        double[] z = logits(k, scale, seed);
        List<Value> leaves = LossesTest.values(z);
        Value loss = Losses.crossEntropy(leaves, t);
        loss.backward();
        double[] p = softmax(z);
        for (int j = 0; j < k; j++) {
            assertEquals(p[j] - (j == t ? 1 : 0), leaves.get(j).grad(), 1e-14, "d/dz[" + j + "]");
        }
        assertTrue(Double.isFinite(loss.data()) && loss.data() >= 0, "loss " + loss.data());
        assertEquals(logSumExp(z) - z[t], loss.data(), 1e-12 * Math.max(1, loss.data()));
    }

    /** Property: softmax's outputs are probabilities summing to 1 (to 1e-14), equal to the reference within 1e-15. */
    @Property(tries = 300)
    void softmaxGivesProbabilities(@ForAll @IntRange(min = 1, max = 8) int k,
                                   @ForAll @DoubleRange(min = 0.0, max = 1000.0) double scale, @ForAll long seed) {
        double[] z = logits(k, scale, seed);
        List<Value> p = Losses.softmax(LossesTest.values(z));
        double sum = 0;
        double[] reference = softmax(z);
        for (int j = 0; j < k; j++) {
            double pj = p.get(j).data();
            assertTrue(pj >= 0 && pj <= 1, "p[" + j + "] = " + pj);
            assertEquals(reference[j], pj, 1e-15);
            sum += pj;
        }
        assertEquals(1.0, sum, 1e-14);
    }
}
