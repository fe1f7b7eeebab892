package dev.micrograd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * {@link Value#backward()} takes its order from the creation stamps only where that order is the
 * walk's ({@link Topology#forBackward}). The property: on random graphs, some built as a forward
 * pass builds them and some not, {@code backward()} gives every node, leaf or computed, exactly the
 * gradient bits that a pass over the walk's order gives ({@link Graph#backward()} on a twin graph
 * built from the same recipe: compiling walks, so the twin never uses stamps), on a first call and
 * on a second one; and the order it used is micrograd's {@code build_topo} order (of the computed
 * nodes when it came from the stamps). Coverage is asserted: a good share of the graphs must take
 * each branch.
 *
 * <p>A recipe is a little stack machine, so that building operands before their node (the order
 * the stamps can prove) is the natural case and each way out of it is one instruction:
 * {@link Reuse} (an earlier node as operand again, possibly from outside the current block),
 * {@link Swap} (operands in an order other than creation), {@link Drop} (a node made but not used:
 * a gap in the stamps), {@link Walk} (a node whose stamp a walk erased), and a leaf whose gradient
 * starts at {@code -0.0}.
 */
class CreationOrderProperties {

    /** One instruction of a recipe. */
    sealed interface Step {
    }

    /** Pushes a new leaf with this data and starting gradient. */
    record Leaf(double data, double grad) implements Step {
    }

    /** Pushes an earlier value (leaf or computed, picked modulo the number made so far) again. */
    record Reuse(int pick) implements Step {
    }

    /** Pushes the top again, so the next binary step squares it ({@code x*x}: a repeated operand). */
    record Dup() implements Step {
    }

    /** Replaces the top with a one-operand node. */
    record Unary(int kind) implements Step {
    }

    /** Pops {@code b}, then {@code a}, pushes {@code a op b} ({@code a op a} if only one is left). */
    record Binary(int kind) implements Step {
    }

    /** Pops up to {@code arity} values and pushes their {@link Value#sum} in stack order (arity 0: the empty sum). */
    record Sum(int arity) implements Step {
    }

    /** A neuron: pops up to {@code n} inputs, pushes {@link Value#dot} with {@code n} new weights and a new bias. */
    record Dot(int n) implements Step {
    }

    /** Swaps the top two values. */
    record Swap() implements Step {
    }

    /** Pops the top and never uses it. */
    record Drop() implements Step {
    }

    /** Orders the graph below the top with {@link Topology#of}, which overwrites its nodes' stamps. */
    record Walk() implements Step {
    }

    /** The steps, then the root: the sum of what is left on the stack, bottom first or top first. */
    record Recipe(List<Step> steps, boolean topFirst) {
    }

    /** A built recipe: its root, and every value it made (leaves and computed nodes) in creation order. */
    record Built(Value root, List<Value> made) {
    }

    @Provide
    Arbitrary<Recipe> recipes() {
        Arbitrary<Double> data = Arbitraries.doubles().between(-2, 2).ofScale(17);
        Arbitrary<Double> startGrad = Arbitraries.<Double>frequencyOf(
                Tuple.of(30, Arbitraries.just(0.0)),
                Tuple.of(1, Arbitraries.just(-0.0)),
                Tuple.of(6, Arbitraries.doubles().between(-1, 1).ofScale(17)));
        Arbitrary<Step> step = Arbitraries.<Step>frequencyOf(
                Tuple.of(30, Combinators.combine(data, startGrad).as(Leaf::new)),
                Tuple.of(20, Arbitraries.integers().between(0, 4).map(Unary::new)),
                Tuple.of(24, Arbitraries.integers().between(0, 3).map(Binary::new)),
                Tuple.of(3, Arbitraries.just(new Dup())),
                Tuple.of(5, Arbitraries.integers().between(0, 4).map(Sum::new)),
                Tuple.of(4, Arbitraries.integers().between(1, 3).map(Dot::new)),
                Tuple.of(3, Arbitraries.integers().between(0, 1000).map(Reuse::new)),
                Tuple.of(2, Arbitraries.just(new Swap())),
                Tuple.of(1, Arbitraries.just(new Drop())),
                Tuple.of(1, Arbitraries.just(new Walk())));
        return Combinators.combine(step.list().ofMinSize(4).ofMaxSize(40), Arbitraries.of(true, false)).as(Recipe::new);
    }

    /** Runs {@code recipe}; the same recipe always builds the same graph, operand for operand. */
    static Built build(Recipe recipe) {
        List<Value> made = new ArrayList<>();
        List<Value> stack = new ArrayList<>();
        for (Step step : recipe.steps()) {
            apply(step, made, stack);
        }
        if (stack.isEmpty()) {
            stack.add(leaf(made, 1.25, 0.0));
        }
        Value root;
        if (stack.size() == 1) {
            root = top(stack).isLeaf() ? made(made, top(stack).neg()) : top(stack);
        } else {
            List<Value> terms = new ArrayList<>(stack);
            if (recipe.topFirst()) {
                Collections.reverse(terms);
            }
            root = made(made, Value.sum(terms));
        }
        return new Built(root, made);
    }

    /** One step of {@link #build}; a step that needs more values than the stack holds makes do with fewer. */
    private static void apply(Step step, List<Value> made, List<Value> stack) {
        if (step instanceof Leaf leaf) {
            stack.add(leaf(made, leaf.data(), leaf.grad()));
        } else if (step instanceof Reuse reuse) {
            if (!made.isEmpty()) {
                stack.add(made.get(reuse.pick() % made.size()));
            }
        } else if (step instanceof Sum sum) {
            stack.add(made(made, Value.sum(popUpTo(stack, sum.arity()))));
        } else if (stack.isEmpty()) {
            return;
        } else if (step instanceof Dup) {
            stack.add(top(stack));
        } else if (step instanceof Unary unary) {
            Value a = pop(stack);
            stack.add(made(made, switch (unary.kind()) {
                case 0 -> a.neg();
                case 1 -> a.tanh();
                case 2 -> a.relu();
                case 3 -> a.sigmoid();
                default -> a.mul(0.7390851332151607);
            }));
        } else if (step instanceof Binary binary) {
            Value b = pop(stack);
            Value a = stack.isEmpty() ? b : pop(stack);
            stack.add(made(made, switch (binary.kind()) {
                case 0 -> a.add(b);
                case 1 -> a.sub(b);
                case 2 -> a.mul(b);
                default -> a.max(b);
            }));
        } else if (step instanceof Dot dot) {
            List<Value> inputs = popUpTo(stack, dot.n());
            while (inputs.size() < dot.n()) {
                inputs.add(inputs.get(0));   // a repeated operand
            }
            List<Value> weights = new ArrayList<>();
            for (int i = 0; i < dot.n(); i++) {
                weights.add(leaf(made, 0.3 - 0.17 * i, 0.0));
            }
            Value bias = leaf(made, 0.05, 0.0);
            stack.add(made(made, Value.dot(weights, inputs, bias)));
        } else if (step instanceof Swap) {
            if (stack.size() >= 2) {
                stack.add(stack.size() - 2, pop(stack));
            }
        } else if (step instanceof Drop) {
            pop(stack);
        } else if (step instanceof Walk) {
            Topology.of(top(stack));
        } else {
            throw new AssertionError("unknown step " + step);
        }
    }

    private static Value leaf(List<Value> made, double data, double grad) {
        Value leaf = Value.of(data);
        if (grad != 0.0 || Topology.isNegativeZero(grad)) {
            leaf.setGrad(grad);
        }
        made.add(leaf);
        return leaf;
    }

    private static Value made(List<Value> made, Value node) {
        made.add(node);
        return node;
    }

    private static Value top(List<Value> stack) {
        return stack.get(stack.size() - 1);
    }

    private static Value pop(List<Value> stack) {
        return stack.remove(stack.size() - 1);
    }

    /** The top {@code n} values (fewer if the stack is shorter), in stack order. */
    private static List<Value> popUpTo(List<Value> stack, int n) {
        int from = Math.max(0, stack.size() - n);
        List<Value> top = new ArrayList<>(stack.subList(from, stack.size()));
        stack.subList(from, stack.size()).clear();
        return top;
    }

    private static Map<Value, Integer> indices(List<Value> made) {
        Map<Value, Integer> index = new IdentityHashMap<>();
        for (int i = 0; i < made.size(); i++) {
            index.put(made.get(i), i);
        }
        return index;
    }

    @Property
    void backwardGivesTheWalksGradientsBitForBit(@ForAll("recipes") Recipe recipe) {
        Built a = build(recipe);
        Built b = build(recipe);
        Map<Value, Integer> indexA = indices(a.made());
        Map<Value, Integer> indexB = indices(b.made());

        // the order backward() is about to use (asking leaves the stamps as they are: only a walk overwrites them)
        Topology order = Topology.forBackward(a.root());
        boolean byStamps = order.byStamps();
        List<Integer> used = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            if (!order.get(i).isLeaf()) {   // leaves run no rule; the walk leaves a dot's leaf weights out
                used.add(indexA.get(order.get(i)));
            }
        }
        if (byStamps) {
            assertSame(a.root(), order.get(order.size() - 1), "the root is last");
        }
        order.release();

        List<Integer> reference = new ArrayList<>();
        for (Value node : GraphReplayTest.referenceOrder(b.root())) {
            if (!node.isLeaf()) {
                reference.add(indexB.get(node));
            }
        }
        assertEquals(reference, used, "the computed nodes in the order backward() uses, as creation indices, against build_topo's");

        Graph twin = Graph.compile(b.root());
        for (int call = 1; call <= 2; call++) {
            a.root().backward();
            twin.backward();
            for (int i = 0; i < a.made().size(); i++) {
                double expected = b.made().get(i).grad();
                double actual = a.made().get(i).grad();
                int node = i;
                int pass = call;
                assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
                        () -> "call " + pass + ", value " + node + " (" + a.made().get(node).op() + "): backward() gave "
                                + actual + ", the walk " + expected + "; order " + (byStamps ? "by stamps" : "walked"));
            }
        }

        long computed = a.made().stream().filter(v -> !v.isLeaf()).count();
        String path = byStamps ? "by stamps" : "walked";
        Statistics.label("order").collect(path);
        Statistics.label("order").coverage(checker -> {
            checker.check("by stamps").percentage(p -> p >= 25);
            checker.check("walked").percentage(p -> p >= 25);
        });
        if (computed >= 8) {
            Statistics.label("order, 8+ computed nodes").collect(path);
            Statistics.label("order, 8+ computed nodes").coverage(checker -> {
                checker.check("by stamps").percentage(p -> p >= 15);
                checker.check("walked").percentage(p -> p >= 15);
            });
        }
        Statistics.label("computed nodes").collect(bucket(computed));
    }

    private static String bucket(long n) {
        return n <= 1 ? "0-1" : n <= 5 ? "2-5" : n <= 15 ? "6-15" : "16+";
    }
}
