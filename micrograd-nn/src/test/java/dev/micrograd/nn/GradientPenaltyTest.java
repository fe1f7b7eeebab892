package dev.micrograd.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.micrograd.engine.Autograd;
import dev.micrograd.engine.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A gradient penalty through an MLP (as in WGAN-GP or double backpropagation): the penalty
 * {@code P(θ) = ‖∂y/∂x‖²} of the network's output with respect to its input, itself differentiated
 * with respect to the parameters θ. {@link Autograd#grad} gives {@code ∂y/∂x} as a graph, and
 * {@code P.backward()} differentiates through it; the parameter gradients must equal central
 * finite differences of {@code P} (each {@code P} evaluation differentiating the network once).
 */
class GradientPenaltyTest {
    private static final double[] POINT = {0.4, -0.9, 1.3};

    /** The penalty at the network's current parameters, as a graph over them. */
    private static Value penalty(MLP mlp) {
        List<Value> x = new ArrayList<>();
        for (double v : POINT) {
            x.add(Value.of(v));
        }
        Value y = mlp.forward(x).get(0);
        List<Value> squares = new ArrayList<>();
        for (Value g : Autograd.grad(y, x)) {
            squares.add(g.mul(g));
        }
        return Value.sum(squares);
    }

    @Test
    void penaltyGradientEqualsFiniteDifferences() {
        MLP mlp = new MLP(3, List.of(5, 4, 1), Activation.TANH, Activation.TANH, BiasInit.UNIFORM, new SplittableRandom(12));
        List<Value> params = mlp.parameters();
        Value p = penalty(mlp);
        assertTrue(p.data() > 1e-3, "a penalty far enough from 0 to be a real test: " + p.data());
        mlp.zeroGrad();
        p.backward();
        double[] analytic = params.stream().mapToDouble(Value::grad).toArray();

        double eps = 1e-6;
        double largest = 0;
        for (int i = 0; i < params.size(); i++) {
            Value theta = params.get(i);
            double t = theta.data();
            theta.setData(t + eps);
            double up = penalty(mlp).data();
            theta.setData(t - eps);
            double down = penalty(mlp).data();
            theta.setData(t);
            double numerical = (up - down) / (2 * eps);
            largest = Math.max(largest, Math.abs(numerical));
            // PyTorch's gradcheck tolerances
            assertEquals(numerical, analytic[i], 1e-5 + 1e-3 * Math.abs(numerical), "parameter " + i);
        }
        assertTrue(largest > 1e-2, "the penalty depends on the parameters: largest |dP/dθ| " + largest);
    }

    /** The same penalty, differentiated with Autograd.grad instead of backward(): the same numbers, and no grad() written. */
    @Test
    void autogradAndBackwardAgreeOnThePenalty() {
        MLP mlp = new MLP(3, List.of(4, 1), Activation.TANH, Activation.LINEAR, BiasInit.UNIFORM, new SplittableRandom(5));
        List<Value> params = mlp.parameters();
        Value p = penalty(mlp);
        List<Value> viaGraph = Autograd.grad(p, params);
        for (Value theta : params) {
            assertEquals(0.0, theta.grad(), "Autograd.grad writes no gradient");
        }
        p.backward();
        for (int i = 0; i < params.size(); i++) {
            assertEquals(params.get(i).grad(), viaGraph.get(i).data(), 0.0, "parameter " + i);
        }
    }
}
