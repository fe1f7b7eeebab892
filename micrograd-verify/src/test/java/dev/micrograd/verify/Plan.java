package dev.micrograd.verify;

import dev.micrograd.engine.Op;
import dev.micrograd.engine.Value;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@link Expr} DAG laid out in topological order: each distinct node (by identity) once, after
 * its operands, the root last. Both engines evaluate the plan node by node, so node {@code i} of
 * micrograd and node {@code i} of PyTorch are the same sub-expression.
 */
public final class Plan {
    private final List<Expr> nodes;
    private final int[][] operands;
    private final int variables;

    private Plan(List<Expr> nodes, int[][] operands, int variables) {
        this.nodes = nodes;
        this.operands = operands;
        this.variables = variables;
    }

    /**
     * Lays out {@code root} (iteratively: no recursion over the graph).
     *
     * @param root the expression
     * @param variables how many variables the expression is defined over
     * @return the plan
     */
    public static Plan of(Expr root, int variables) {
        Map<Expr, Integer> index = new IdentityHashMap<>();
        List<Expr> order = new ArrayList<>();
        Deque<Expr> stack = new ArrayDeque<>();
        Deque<Boolean> expanded = new ArrayDeque<>();
        stack.push(root);
        expanded.push(false);
        while (!stack.isEmpty()) {
            Expr e = stack.pop();
            boolean done = expanded.pop();
            if (index.containsKey(e)) {
                continue;
            }
            if (done) {
                index.put(e, order.size());
                order.add(e);
                continue;
            }
            stack.push(e);
            expanded.push(true);
            List<Expr> children = children(e);
            for (int i = children.size() - 1; i >= 0; i--) {
                if (!index.containsKey(children.get(i))) {
                    stack.push(children.get(i));
                    expanded.push(false);
                }
            }
        }
        int[][] operands = new int[order.size()][];
        for (int i = 0; i < order.size(); i++) {
            List<Expr> children = children(order.get(i));
            operands[i] = new int[children.size()];
            for (int j = 0; j < children.size(); j++) {
                operands[i][j] = index.get(children.get(j));
            }
        }
        return new Plan(Collections.unmodifiableList(order), operands, variables);
    }

    /** The operands of {@code e}, in the order the engine stores them (dot: weights, inputs, bias). */
    static List<Expr> children(Expr e) {
        // Java 17: no pattern matching for switch yet, so instanceof chains over the sealed type
        if (e instanceof Expr.Binary b) {
            return List.of(b.left(), b.right());
        } else if (e instanceof Expr.WithConstant w) {
            return List.of(w.left());
        } else if (e instanceof Expr.Pow p) {
            return List.of(p.base());
        } else if (e instanceof Expr.Unary u) {
            return List.of(u.operand());
        } else if (e instanceof Expr.Sum s) {
            return s.terms();
        } else if (e instanceof Expr.Dot d) {
            List<Expr> all = new ArrayList<>(d.weights());
            all.addAll(d.inputs());
            all.add(d.bias());
            return all;
        }
        return List.of(); // Var, Const
    }

    /**
     * The core operation node {@code e} becomes in micrograd.
     *
     * @param e a node
     * @return its op ({@link Op#LEAF} for variables and constants)
     */
    public static Op op(Expr e) {
        if (e instanceof Expr.Binary b) {
            return binaryOp(b.op());
        } else if (e instanceof Expr.WithConstant w) {
            return binaryOp(w.op());
        } else if (e instanceof Expr.Pow) {
            return Op.POW;
        } else if (e instanceof Expr.Unary u) {
            return Op.valueOf(u.op().name());
        } else if (e instanceof Expr.Sum) {
            return Op.SUM;
        } else if (e instanceof Expr.Dot) {
            return Op.DOT;
        }
        return Op.LEAF;
    }

    private static Op binaryOp(Expr.BinaryOp op) {
        return op.op;
    }

    /** @return the nodes, operands first, the root last */
    public List<Expr> nodes() {
        return nodes;
    }

    /** @return the number of nodes */
    public int size() {
        return nodes.size();
    }

    /** @return the number of variables the expression is defined over */
    public int variables() {
        return variables;
    }

    /**
     * The plan indices of node {@code i}'s operands (a node may appear twice, as in {@code x.mul(x)}).
     *
     * @param i a node index
     * @return a copy of its operand indices
     */
    public int[] operands(int i) {
        return operands[i].clone();
    }

    int operand(int i, int j) {
        return operands[i][j];
    }

    int arity(int i) {
        return operands[i].length;
    }

    /**
     * Whether some node is an operand more than once (a DAG rather than a tree).
     *
     * @return true if a sub-expression is shared
     */
    public boolean hasSharedNode() {
        int[] uses = new int[nodes.size()];
        for (int[] ops : operands) {
            for (int o : ops) {
                if (++uses[o] > 1) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Builds the expression with micrograd's {@code Value} API.
     *
     * @param inputs the variables' values
     * @return one {@code Value} per plan node; the root is the last
     */
    public Value[] toValues(double[] inputs) {
        Value[] v = new Value[nodes.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = build(nodes.get(i), operands[i], v, inputs);
        }
        return v;
    }

    private static Value build(Expr e, int[] o, Value[] v, double[] inputs) {
        if (e instanceof Expr.Var x) {
            return Value.of(inputs[x.index()], "x" + x.index());
        } else if (e instanceof Expr.Const c) {
            return Value.of(c.value());
        } else if (e instanceof Expr.Binary b) {
            return b.op().apply(v[o[0]], v[o[1]]);
        } else if (e instanceof Expr.WithConstant w) {
            return w.op().apply(v[o[0]], w.constant());
        } else if (e instanceof Expr.Pow p) {
            return v[o[0]].pow(p.exponent());
        } else if (e instanceof Expr.Unary u) {
            return u.op().apply(v[o[0]]);
        } else if (e instanceof Expr.Sum) {
            return Value.sum(pick(v, o, 0, o.length));
        }
        Expr.Dot d = (Expr.Dot) e;
        int n = d.weights().size();
        return Value.dot(pick(v, o, 0, n), pick(v, o, n, 2 * n), v[o[2 * n]]);
    }

    private static List<Value> pick(Value[] v, int[] indices, int from, int to) {
        List<Value> out = new ArrayList<>(to - from);
        for (int k = from; k < to; k++) {
            out.add(v[indices[k]]);
        }
        return out;
    }

    /**
     * The expression as Java code that rebuilds it with micrograd's API and runs backward: what a
     * failing property prints, to paste into a test.
     *
     * @param inputs the variables' values
     * @return Java statements
     */
    public String toJava(double[] inputs) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            out.append("Value v").append(i).append(" = ");
            int[] o = operands[i];
            Expr e = nodes.get(i);
            if (e instanceof Expr.Var x) {
                out.append("Value.of(").append(literal(inputs[x.index()])).append(", \"x").append(x.index()).append("\")");
            } else if (e instanceof Expr.Const c) {
                out.append("Value.of(").append(literal(c.value())).append(')');
            } else if (e instanceof Expr.Binary b) {
                out.append('v').append(o[0]).append('.').append(b.op().method).append("(v").append(o[1]).append(')');
            } else if (e instanceof Expr.WithConstant w) {
                out.append('v').append(o[0]).append('.').append(w.op().method)
                        .append('(').append(literal(w.constant())).append(')');
            } else if (e instanceof Expr.Pow p) {
                out.append('v').append(o[0]).append(".pow(").append(literal(p.exponent())).append(')');
            } else if (e instanceof Expr.Unary u) {
                out.append('v').append(o[0]).append('.').append(u.op().method).append("()");
            } else if (e instanceof Expr.Sum) {
                out.append("Value.sum(").append(list(o, 0, o.length)).append(')');
            } else {
                int n = ((Expr.Dot) e).weights().size();
                out.append("Value.dot(").append(list(o, 0, n)).append(", ").append(list(o, n, 2 * n))
                        .append(", v").append(o[2 * n]).append(')');
            }
            out.append(";\n");
        }
        out.append('v').append(nodes.size() - 1).append(".backward();");
        return out.toString();
    }

    private static String list(int[] o, int from, int to) {
        StringBuilder s = new StringBuilder("List.of(");
        for (int k = from; k < to; k++) {
            s.append(k > from ? ", v" : "v").append(o[k]);
        }
        return s.append(')').toString();
    }

    /**
     * A Java literal that reads back as exactly {@code x}.
     *
     * @param x a double
     * @return e.g. {@code 1.5}, {@code -0.0}, {@code Double.NaN}
     */
    public static String literal(double x) {
        if (Double.isNaN(x)) {
            return "Double.NaN";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY";
        }
        return Double.toString(x);
    }
}
