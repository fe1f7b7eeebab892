package dev.micrograd.verify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.micrograd.engine.Op;
import dev.micrograd.engine.Value;

/**
 * One engine's answer for a {@link Plan}: every node's value and the root's gradient with respect
 * to every node, by plan index.
 *
 * @param data each node's forward value
 * @param grad d(root)/d(node) for each node (the root's own is 1)
 */
public record Evaluation(double[] data, double[] grad) {

    /**
     * micrograd: builds the {@code Value} graph and calls {@code backward()} on the root.
     *
     * @param plan the expression
     * @param inputs the variables' values
     * @return values and gradients
     */
    public static Evaluation micrograd(Plan plan, double[] inputs) {
        Value[] v = plan.toValues(inputs);
        v[v.length - 1].backward();
        double[] data = new double[v.length];
        double[] grad = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            data[i] = v[i].data();
            grad[i] = v[i].grad();
        }
        return new Evaluation(data, grad);
    }

    /**
     * PyTorch: the same nodes as float64 tensor operations, differentiated by autograd.
     *
     * <p>PyTorch keeps gradients of leaves only, so every computed node {@code t} is followed by
     * {@code t + z} with {@code z} a leaf holding {@code -0.0}: adding {@code -0.0} is the exact
     * identity in IEEE 754 (it keeps {@code -0.0} too), and {@code z}'s gradient is the root's
     * gradient with respect to the node.
     *
     * @param plan the expression
     * @param inputs the variables' values
     * @return values and gradients
     */
    public static Evaluation pytorch(Plan plan, double[] inputs) {
        return pytorch(plan, inputs, null);
    }

    /**
     * A deliberately wrong PyTorch, to show that the comparison catches a wrong engine: every node
     * of one op gets its forward value or its local derivatives off by a relative error, the rest
     * of autograd untouched. With {@code sg} PyTorch's stop-gradient (detach) and {@code t} the
     * node's true tensor, a forward error {@code f} makes the node {@code t + f·sg(t)} (value
     * {@code t(1 + f)}, derivative unchanged), and a backward error {@code b} makes it
     * {@code t + b·(t - sg(t))} (value exactly {@code t}, derivative {@code (1 + b)·t'}).
     *
     * @param op the op made wrong
     * @param forwardError relative error of its value
     * @param backwardError relative error of its local derivatives
     */
    public record Mutation(Op op, double forwardError, double backwardError) {
        NDArray apply(NDArray t) {
            NDArray out = t;
            if (backwardError != 0.0) {
                out = out.add(t.sub(t.stopGradient()).mul(backwardError));
            }
            if (forwardError != 0.0) {
                out = out.add(t.stopGradient().mul(forwardError));
            }
            return out;
        }
    }

    /**
     * PyTorch with one op made wrong on purpose (see {@link Mutation}); {@code null} for none.
     *
     * @param plan the expression
     * @param inputs the variables' values
     * @param mutation the op made wrong, or null
     * @return values and gradients
     */
    public static Evaluation pytorch(Plan plan, double[] inputs, Mutation mutation) {
        int n = plan.size();
        double[] data = new double[n];
        double[] grad = new double[n];
        try (NDManager manager = Torch.newManager()) {
            NDArray[] node = new NDArray[n];
            NDArray[] probe = new NDArray[n];
            try (GradientCollector collector = Torch.collector(manager)) {
                for (int i = 0; i < n; i++) {
                    Expr e = plan.nodes().get(i);
                    if (e instanceof Expr.Var x) {
                        node[i] = Torch.leaf(manager, inputs[x.index()]);
                        probe[i] = node[i];
                    } else if (e instanceof Expr.Const c) {
                        node[i] = Torch.leaf(manager, c.value());
                        probe[i] = node[i];
                    } else {
                        probe[i] = Torch.leaf(manager, -0.0);
                        NDArray t = compute(manager, plan, i, e, node);
                        if (mutation != null && mutation.op() == Plan.op(e)) {
                            t = mutation.apply(t);
                        }
                        node[i] = t.add(probe[i]);
                    }
                }
                collector.backward(node[n - 1]);
            }
            for (int i = 0; i < n; i++) {
                data[i] = Torch.scalar(node[i]);
                grad[i] = Torch.grad(probe[i]);
            }
        }
        return new Evaluation(data, grad);
    }

    private static NDArray compute(NDManager manager, Plan plan, int i, Expr e, NDArray[] node) {
        if (e instanceof Expr.Binary b) {
            return Torch.binary(b.op(), node[plan.operand(i, 0)], node[plan.operand(i, 1)]);
        } else if (e instanceof Expr.WithConstant w) {
            return Torch.binary(w.op(), node[plan.operand(i, 0)], manager.create(w.constant()));
        } else if (e instanceof Expr.Pow p) {
            return Torch.pow(manager, node[plan.operand(i, 0)], p.exponent());
        } else if (e instanceof Expr.Unary u) {
            return Torch.unary(u.op(), node[plan.operand(i, 0)]);
        } else if (e instanceof Expr.Sum) {
            NDArray[] terms = new NDArray[plan.arity(i)];
            for (int k = 0; k < terms.length; k++) {
                terms[k] = node[plan.operand(i, k)];
            }
            return Torch.sum(terms);
        }
        int m = ((Expr.Dot) e).weights().size();
        NDArray[] w = new NDArray[m];
        NDArray[] x = new NDArray[m];
        for (int k = 0; k < m; k++) {
            w[k] = node[plan.operand(i, k)];
            x[k] = node[plan.operand(i, m + k)];
        }
        return Torch.dot(w, x, node[plan.operand(i, 2 * m)]);
    }
}
