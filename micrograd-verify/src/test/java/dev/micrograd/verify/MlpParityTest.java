package dev.micrograd.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.micrograd.engine.Op;
import dev.micrograd.engine.Value;
import dev.micrograd.nn.Activation;
import dev.micrograd.nn.Layer;
import dev.micrograd.nn.Losses;
import dev.micrograd.nn.MLP;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Whole networks: an {@link MLP} from micrograd-nn and the same network written with PyTorch
 * tensor ops (a weight matrix and a bias vector per layer, {@code X Wᵀ + b}, the activation) with
 * the same weights give the same loss and the same gradient for every parameter. The micrograd
 * side builds its losses with micrograd-nn's own {@link Losses} ({@code maxMargin}, {@code l2},
 * {@code sumSquaredError}), so those are checked against PyTorch too.
 *
 * <p>Loss and gradients are composite results, judged by the project's rule for them
 * ({@link Ulps#compositeAgree}). The loss, a sum of non-negative terms that cannot cancel, against
 * its own magnitude (an error scale of 0). Each gradient against the network's gradient scale
 * {@code S}, its largest gradient in either engine: a gradient is a sum over samples and paths of
 * contributions of about that size, which may cancel to far less, and its rounding noise is that
 * of the contributions, not of the small sum (the two engines add in different orders: scalar
 * nodes against matrix products). The report gives the largest difference in units of
 * {@code ε · max(|a|, |b|, S)}.
 */
class MlpParityTest {

    /** micrograd's demo: MLP(2, [16, 16, 1]), ReLU hidden, linear output, bias 0; max-margin loss + 1e-4 L2. */
    @Test
    void demoNetworkOnMoonsWithMaxMarginLossEqualsPyTorch() {
        Torch.assumeAvailable();
        SplittableRandom rng = new SplittableRandom(ParityRun.seed());
        MLP model = new MLP(2, List.of(16, 16, 1), rng);
        int n = 12;
        double[][] xs = new double[n][];
        double[] ys = new double[n];
        moons(n, rng, xs, ys);

        // micrograd, as demo.ipynb's loss(): mean(relu(1 - y*score)) + alpha * sum(p*p)
        List<Value> scores = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            scores.add(model.forward(leaves(xs[i])).get(0));
        }
        Value loss = Losses.maxMargin(scores, ys).add(Losses.l2(model.parameters(), 1e-4));
        loss.backward();

        compare("micrograd demo MLP(2, [16, 16, 1]), ReLU/linear, Losses.maxMargin + Losses.l2(1e-4), " + n + " moons points",
                model, loss, xs, (manager, ptScores) -> {
                    NDArray y = manager.create(ys).reshape(n, 1);
                    return ai.djl.nn.Activation.relu(y.mul(ptScores).neg().add(manager.create(1.0))).mean();
                }, 1e-4);
    }

    /** The lecture's MLP(3, [4, 4, 1]), tanh everywhere, with the sum of squared errors on its four samples. */
    @Test
    void lectureNetworkWithSquaredErrorEqualsPyTorch() {
        Torch.assumeAvailable();
        MLP model = MLP.lecture(3, List.of(4, 4, 1), new SplittableRandom(ParityRun.seed()));
        assertEquals(41, model.parameters().size(), "the lecture's parameter count");
        double[][] xs = {{2.0, 3.0, -1.0}, {3.0, -1.0, 0.5}, {0.5, 1.0, 1.0}, {1.0, 1.0, -1.0}};
        double[] ys = {1.0, -1.0, -1.0, 1.0};

        List<Value> outputs = new ArrayList<>();
        for (double[] x : xs) {
            outputs.add(model.forward(leaves(x)).get(0));
        }
        Value loss = Losses.sumSquaredError(outputs, ys);
        loss.backward();

        compare("lecture MLP(3, [4, 4, 1]), tanh everywhere, Losses.sumSquaredError, 4 samples",
                model, loss, xs, (manager, scores) -> {
                    NDArray y = manager.create(ys).reshape(xs.length, 1);
                    return scores.sub(y).pow(manager.create(2.0)).sum();
                }, 0.0);
    }

    /** The loss on the network's output scores (n × 1), written with tensor ops. */
    interface TorchLoss {
        NDArray apply(NDManager manager, NDArray scores);
    }

    /**
     * Rebuilds {@code model} in PyTorch with its current weights, computes the loss (plus
     * {@code l2} × Σp²) and compares loss and every parameter's gradient with micrograd's.
     */
    private static void compare(String name, MLP model, Value loss, double[][] xs, TorchLoss torchLoss, double l2) {
        List<Value> params = model.parameters();
        double[] ptGrads = new double[params.size()];
        double ptLoss;
        try (NDManager manager = Torch.newManager()) {
            List<NDArray> weights = new ArrayList<>();
            List<NDArray> biases = new ArrayList<>();
            for (Layer layer : model.layers()) {
                int nout = layer.neurons().size();
                int nin = layer.neurons().get(0).weights().size();
                double[] w = new double[nout * nin];
                double[] b = new double[nout];
                for (int j = 0; j < nout; j++) {
                    for (int k = 0; k < nin; k++) {
                        w[j * nin + k] = layer.neurons().get(j).weights().get(k).data();
                    }
                    b[j] = layer.neurons().get(j).bias().data();
                }
                NDArray wa = manager.create(w, new Shape(nout, nin));
                NDArray ba = manager.create(b);
                wa.setRequiresGradient(true);
                ba.setRequiresGradient(true);
                weights.add(wa);
                biases.add(ba);
            }
            double[] flat = new double[xs.length * xs[0].length];
            for (int i = 0; i < xs.length; i++) {
                System.arraycopy(xs[i], 0, flat, i * xs[0].length, xs[0].length);
            }
            NDArray lossArray;
            try (GradientCollector collector = Torch.collector(manager)) {
                NDArray h = manager.create(flat, new Shape(xs.length, xs[0].length));
                for (int l = 0; l < weights.size(); l++) {
                    Activation act = model.layers().get(l).neurons().get(0).activation();
                    h = activate(manager, act, h.matMul(weights.get(l).transpose()).add(biases.get(l)));
                }
                lossArray = torchLoss.apply(manager, h);
                if (l2 != 0.0) {
                    NDArray reg = manager.create(0.0);
                    for (int l = 0; l < weights.size(); l++) {
                        reg = reg.add(weights.get(l).mul(weights.get(l)).sum()).add(biases.get(l).mul(biases.get(l)).sum());
                    }
                    lossArray = lossArray.add(reg.mul(manager.create(l2)));
                }
                collector.backward(lossArray);
            }
            ptLoss = Torch.scalar(lossArray);
            // parameters() order: layer by layer, neuron by neuron, weights then bias
            int p = 0;
            for (int l = 0; l < weights.size(); l++) {
                double[] gw = weights.get(l).getGradient().toDoubleArray();
                double[] gb = biases.get(l).getGradient().toDoubleArray();
                int nin = (int) weights.get(l).getShape().get(1);
                for (int j = 0; j < gb.length; j++) {
                    for (int k = 0; k < nin; k++) {
                        ptGrads[p++] = gw[j * nin + k];
                    }
                    ptGrads[p++] = gb[j];
                }
            }
            assertEquals(params.size(), p, "parameter count");
        }

        double scale = 0;
        for (int i = 0; i < params.size(); i++) {
            scale = Math.max(scale, Math.max(Math.abs(params.get(i).grad()), Math.abs(ptGrads[i])));
        }
        double maxAbs = 0;
        double maxScaled = 0;
        StringBuilder mismatches = new StringBuilder();
        int bad = 0;
        for (int i = 0; i < params.size(); i++) {
            double a = params.get(i).grad();
            double b = ptGrads[i];
            double scaled = Ulps.scaledDistance(a, b, scale);
            maxAbs = Math.max(maxAbs, ExpressionParityProperties.absolute(a, b));
            maxScaled = Math.max(maxScaled, scaled);
            if (!Ulps.compositeAgree(a, b, scale)) {
                mismatches.append(String.format("%n  parameter %d: micrograd %s, PyTorch %s (%.3g ε of max(|a|, |b|, %.3g))",
                        i, a, b, scaled, scale));
                bad++;
            }
        }
        double lossError = ExpressionParityProperties.absolute(loss.data(), ptLoss);
        boolean lossAgrees = Ulps.compositeAgree(loss.data(), ptLoss, 0.0);
        System.out.printf(Locale.ROOT, "micrograd-verify: %s: loss difference %.3g; gradients: max abs %.3g, max %.3g ε of"
                + " max(|a|, |b|, %.3g) over %d parameters%n", name, lossError, maxAbs, maxScaled, scale, params.size());
        ParityLedger.get().network(new ParityLedger.NetworkRow(name, params.size(), loss.data(), lossError, maxAbs, maxScaled,
                scale));
        ParityLedger.get().failures(bad + (lossAgrees ? 0 : 1));
        assertTrue(lossAgrees, "loss: micrograd " + loss.data() + ", PyTorch " + ptLoss);
        Parity.Result nodeByNode = Parity.check(loss, Torch::rule);
        assertTrue(nodeByNode.passed(), () -> name + ": nodes disagree with PyTorch:\n" + nodeByNode.mismatches());
        assertTrue(mismatches.length() == 0, name + ": gradients disagree:" + mismatches);
    }

    private static NDArray activate(NDManager manager, Activation act, NDArray x) {
        return switch (act) {
            case RELU -> Torch.apply(Op.RELU, manager, x);
            case TANH -> Torch.apply(Op.TANH, manager, x);
            case SIGMOID -> Torch.apply(Op.SIGMOID, manager, x);
            default -> x;
        };
    }

    private static List<Value> leaves(double[] x) {
        List<Value> out = new ArrayList<>(x.length);
        for (double v : x) {
            out.add(Value.of(v));
        }
        return out;
    }

    /**
     * scikit-learn's make_moons as the lecture describes it: the upper half circle (cos t, sin t) and
     * the lower one (1 - cos t, 1 - sin t - 0.5), t evenly spaced in [0, π], Gaussian noise 0.1;
     * labels -1 (upper) and +1 (lower).
     */
    static void moons(int n, SplittableRandom rng, double[][] xs, double[] ys) {
        int upper = n / 2;
        int lower = n - upper;
        for (int i = 0; i < n; i++) {
            boolean top = i < upper;
            int k = top ? i : i - upper;
            int count = top ? upper : lower;
            double t = count == 1 ? 0 : Math.PI * k / (count - 1);
            double x = top ? Math.cos(t) : 1 - Math.cos(t);
            double y = top ? Math.sin(t) : 1 - Math.sin(t) - 0.5;
            xs[i] = new double[] {x + 0.1 * gaussian(rng), y + 0.1 * gaussian(rng)};
            ys[i] = top ? -1.0 : 1.0;
        }
    }

    private static double gaussian(SplittableRandom rng) {
        double u = 1.0 - rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
