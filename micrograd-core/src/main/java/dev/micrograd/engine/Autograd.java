package dev.micrograd.engine;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Gradients as graphs, to differentiate again: PyTorch's
 * {@code torch.autograd.grad(output, inputs, create_graph=True)}.
 *
 * <p>{@link #grad(Value, List)} runs the backward pass with {@code Value} operations instead of
 * doubles (each op's {@code backwardGraph}, written beside its numeric {@code backward} in
 * {@link Op}), so each gradient it returns is a new node of a graph of its own, which
 * {@link #grad}, {@link Value#backward()} or {@link #hessian} can differentiate again, to any
 * order. It never writes any node's {@link Value#grad()}, and the numbers it returns are, to the
 * last bit, those {@link Value#backward()} gives.
 *
 * <pre>{@code
 * Value x = Value.of(2.0, "x");
 * Value y = Value.of(3.0, "y");
 * Value f = x.pow(3).mul(y).add(x.sin());            // x³y + sin x
 * Value dfdx = Autograd.grad(f, List.of(x)).get(0);  // 3x²y + cos x, a Value
 * Value d2fdx2 = Autograd.grad(dfdx, List.of(x)).get(0);
 * d2fdx2.data();                                     // 6xy - sin x = 35.09070257317432
 * double[][] h = Autograd.hessian(f, List.of(x, y));
 * }</pre>
 *
 * <p>A gradient graph holds the branches taken at the data it was built from ({@code relu},
 * {@code max}, {@code min}, {@code abs}, {@code softplus} and {@code pow} choose by the current
 * data, as PyTorch's masks do): after {@link Value#setData(double)} on a leaf, build it again.
 * Like PyTorch, second derivatives of the piecewise ops are 0 away from their kinks
 * ({@code relu'' = abs'' = max'' = 0}).
 *
 * <p>The walk is iterative (no recursion), in the order {@link Value#backward()} uses.
 */
public final class Autograd {
    private Autograd() {
    }

    /**
     * The derivative of {@code output} with respect to each of {@code inputs}, as new
     * {@code Value}s forming a graph of their own (differentiable again). An input that
     * {@code output} does not depend on gets a new constant 0; {@code output} itself as an input
     * gets a new constant 1. Inputs may be leaves or computed nodes. No node's gradient is changed.
     *
     * @param output the value to differentiate
     * @param inputs the nodes to differentiate with respect to, in the order of the result
     * @return one gradient per input, in order
     * @throws NullPointerException if an argument or an input is null
     */
    public static List<Value> grad(Value output, List<Value> inputs) {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(inputs, "inputs");
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i) == null) {
                throw new NullPointerException("inputs[" + i + "] is null");
            }
        }
        Topology order = Topology.of(output);
        Map<Value, Integer> position = new IdentityHashMap<>(order.size() * 2);
        for (int i = 0; i < order.size(); i++) {
            position.put(order.get(i), i);
        }
        // Each node's gradient contributions, in the order backward() would add them; a node's
        // gradient is their sum, formed once every node above it has contributed.
        List<List<Value>> contributions = new ArrayList<>(order.size());
        for (int i = 0; i < order.size(); i++) {
            contributions.add(null);
        }
        Value[] gradients = new Value[order.size()];
        Op.GradientSink sink = (operand, gradient) -> {
            int at = position.get(operand);
            List<Value> list = contributions.get(at);
            if (list == null) {
                list = new ArrayList<>(2);
                contributions.set(at, list);
            }
            list.add(gradient);
        };
        int root = order.size() - 1;
        gradients[root] = Value.of(1.0);
        for (int i = root; i >= 0; i--) {
            Value node = order.get(i);
            if (i != root) {
                gradients[i] = total(contributions.get(i));
                contributions.set(i, null);
            }
            node.op.backwardGraph(node, gradients[i], sink);
        }
        List<Value> result = new ArrayList<>(inputs.size());
        for (Value input : inputs) {
            Integer at = position.get(input);
            result.add(at == null ? Value.of(0.0) : gradients[at]);
        }
        return result;
    }

    /**
     * The matrix of second derivatives {@code H[i][j] = d²output / (dinputs[i] dinputs[j])},
     * computed by differentiating each gradient of {@link #grad} again; row {@code i} is the
     * gradient of {@code d output / d inputs[i]}. No node's gradient is changed.
     *
     * @param output the value to differentiate
     * @param inputs the variables
     * @return an {@code n × n} array, {@code n = inputs.size()}
     * @throws NullPointerException if an argument or an input is null
     */
    public static double[][] hessian(Value output, List<Value> inputs) {
        List<Value> first = grad(output, inputs);
        int n = inputs.size();
        double[][] h = new double[n][];
        for (int i = 0; i < n; i++) {
            List<Value> second = grad(first.get(i), inputs);
            h[i] = new double[n];
            for (int j = 0; j < n; j++) {
                h[i][j] = second.get(j).data();
            }
        }
        return h;
    }

    /**
     * The sum of a node's contributions, added in order from 0 as {@link Value#backward()}
     * accumulates them (so the same number); a lone contribution is itself (where backward() has {@code 0.0 + c}, which differs only for {@code c = -0.0}), and a node whose every
     * contribution was masked has gradient 0, which it still passes down (as PyTorch passes a zero
     * tensor: {@code 0 * Infinity} below it is NaN in both).
     */
    private static Value total(List<Value> terms) {
        if (terms == null) {
            return Value.of(0.0);
        }
        return terms.size() == 1 ? terms.get(0) : Value.sum(terms);
    }
}
