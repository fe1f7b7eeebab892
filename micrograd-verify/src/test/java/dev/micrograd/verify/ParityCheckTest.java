package dev.micrograd.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.micrograd.engine.Value;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Parity} on users' graphs: the lecture's neuron agrees (its numbers from the lecture,
 * 52:52), a node whose data was changed by hand is found, the user's gradients are left as found,
 * and every node of a graph with each op of core is judged.
 */
class ParityCheckTest {

    /** The lecture's neuron (52:52): o = tanh(x1*w1 + x2*w2 + b), o = 0.7071, x1.grad = -1.5, w1.grad = 1. */
    private static Value neuron() {
        Value x1 = Value.of(2.0, "x1");
        Value x2 = Value.of(0.0, "x2");
        Value w1 = Value.of(-3.0, "w1");
        Value w2 = Value.of(1.0, "w2");
        Value b = Value.of(6.8813735870195432, "b");
        return x1.mul(w1).add(x2.mul(w2)).add(b).label("n").tanh().label("o");
    }

    @Test
    void theLecturesNeuronAgreesWithPyTorch() {
        Torch.assumeAvailable();
        Parity.Result r = Parity.check(neuron());
        assertTrue(r.passed(), r::toString);
        Parity.Row x1 = r.rows().stream().filter(row -> row.node().endsWith("x1")).findFirst().orElseThrow();
        assertEquals(-1.5, x1.grad(), 1e-12, r::toString);
        assertEquals(x1.grad(), x1.pytorchGrad(), 1e-12, r::toString);
        assertEquals(r.rows().size(), r.toString().lines().count() - 2, "one line per node under two heading lines");
    }

    @Test
    void aNodeWhoseDataWasChangedByHandIsAMismatch() {
        Torch.assumeAvailable();
        Value x = Value.of(0.5, "x");
        Value y = x.mul(3.0).label("y");
        Value z = y.exp().label("z");
        y.setData(1.0);   // z still holds exp(1.5)
        Parity.Result r = Parity.check(z);
        assertFalse(r.passed(), r::toString);
        // y holds what 0.5 * 3 is not, and z holds what exp(1.0) is not
        assertEquals(List.of("#2 y", "#3 z"), r.mismatches().stream().map(Parity.Row::node).toList(), r::toString);
        Parity.MismatchException e = assertThrows(Parity.MismatchException.class, () -> Parity.checkOrThrow(z));
        assertTrue(e.getMessage().contains("#2 y"), e::getMessage);
    }

    @Test
    void theUsersGradientsAreLeftAsTheyWere() {
        Torch.assumeAvailable();
        Value x = Value.of(0.25, "x");
        Value w = Value.of(-2.0, "w");
        Value loss = x.mul(w).tanh().pow(2);
        x.setGrad(10.0);   // accumulated before, not counted
        w.setGrad(-7.0);
        Parity.Result r = Parity.check(loss);
        assertTrue(r.passed(), r::toString);
        assertEquals(10.0, x.grad());
        assertEquals(-7.0, w.grad());
        double expected = 2 * Math.tanh(-0.5) * (1 - Math.tanh(-0.5) * Math.tanh(-0.5)) * -2.0;
        Parity.Row xRow = r.rows().stream().filter(row -> row.node().endsWith(" x")).findFirst().orElseThrow();
        assertEquals(expected, xRow.grad(), 1e-12, "one backward pass, leaf started at 0");
    }

    @Test
    void everyOpOfCoreIsReplayedAndAgrees() {
        Torch.assumeAvailable();
        Parity.Result r = Parity.check(in -> {
            Value a = in.get(0);
            Value b = in.get(1);
            Value c = in.get(2);
            Value s = Value.sum(List.of(a, b.neg(), c.relu(), a.sigmoid()));
            Value d = Value.dot(List.of(a, b), List.of(c, a), s.tanh());
            return d.div(b).sub(a.exp()).add(c.log()).mul(d.pow(3)).add(a.mul(a));
        }, 0.75, -1.5, 2.25);
        assertTrue(r.passed(), r::toString);
        assertTrue(r.rows().size() > 15, r::toString);
    }

    @Test
    void aPowerWithAFunctionStillMatchesGradientCheck() {
        Torch.assumeAvailable();
        // the same function form as GradientCheck: fresh leaves x0, x1
        Parity.Result r = Parity.checkOrThrow(in -> in.get(0).mul(in.get(1)).pow(0.5), 3.0, 5.0);
        assertEquals("#0 x0", r.rows().get(0).node(), r::toString);
    }

    @Test
    void noInputsIsRefusedWithWhatWasExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Parity.check(in -> in.get(0)));
        assertTrue(e.getMessage().contains("at least one input"), e::getMessage);
    }
}
