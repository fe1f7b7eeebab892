package dev.micrograd.bench;

import dev.micrograd.engine.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random expressions of the kind the parity properties draw, generated from a seed with plain Java:
 * trees of every {@link Value} operation over four variables, kept as postfix programs and rebuilt
 * into graphs on demand.
 *
 * <p>Why not micrograd-verify's generator: that one is a jqwik {@code Arbitrary} in verify's test
 * code, shaped by what the PyTorch comparison needs (operands kept in each op's domain, shrinking),
 * and it changes whenever the parity checks do. A benchmark needs a workload that stays the same
 * from run to run, so that two runs' figures compare, and a benchmark jar cannot depend on another
 * module's tests. This generator is therefore frozen: same seed, same 256 programs.
 *
 * <pre>
 * expr  := var | const
 *        | expr (add | sub | mul | div) expr | expr (add | mul) const
 *        | expr.pow(k) | neg | exp | log | tanh | relu | sigmoid
 *        | sum(expr, expr, expr) | dot([expr, expr], [expr, expr], expr)
 * </pre>
 */
final class Expressions {
    static final int VARIABLES = 4;

    private enum Kind { VAR, CONST, ADD, SUB, MUL, DIV, ADD_CONST, MUL_CONST, POW, NEG, EXP, LOG, TANH, RELU, SIGMOID, SUM3, DOT2 }

    private static final double[] EXPONENTS = {2.0, 3.0, -1.0, 0.5};

    /** One instruction of a postfix program: a kind and, for VAR, CONST, *_CONST and POW, its operand. */
    private record Instruction(Kind kind, double operand) {
    }

    private final List<Instruction[]> programs;
    /** The variables' values for each expression. */
    private final double[][] inputs;
    private final Value[] stack;
    private final Value[] variables = new Value[VARIABLES];

    private Expressions(List<Instruction[]> programs, double[][] inputs, int maxStack) {
        this.programs = programs;
        this.inputs = inputs;
        this.stack = new Value[maxStack];
    }

    /**
     * {@code count} expressions of depth at most {@code depth}, with their inputs, from {@code seed}.
     */
    static Expressions generate(int count, int depth, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Instruction[]> programs = new ArrayList<>(count);
        double[][] inputs = new double[count][VARIABLES];
        int maxStack = 1;
        for (int e = 0; e < count; e++) {
            List<Instruction> program = new ArrayList<>();
            emit(rng, depth, program);
            programs.add(program.toArray(new Instruction[0]));
            maxStack = Math.max(maxStack, program.size());
            for (int v = 0; v < VARIABLES; v++) {
                inputs[e][v] = rng.nextDouble(-2.0, 2.0);
            }
        }
        return new Expressions(programs, inputs, maxStack);
    }

    /** Appends a random expression of depth at most {@code depth} in postfix order. */
    private static void emit(SplittableRandom rng, int depth, List<Instruction> out) {
        if (depth == 0 || rng.nextInt(5) == 0) {
            if (rng.nextInt(4) == 0) {
                out.add(new Instruction(Kind.CONST, rng.nextDouble(-3.0, 3.0)));
            } else {
                out.add(new Instruction(Kind.VAR, rng.nextInt(VARIABLES)));
            }
            return;
        }
        Kind kind = Kind.values()[2 + rng.nextInt(Kind.values().length - 2)];
        int operands = switch (kind) {
            case ADD, SUB, MUL, DIV -> 2;
            case SUM3 -> 3;
            case DOT2 -> 5;
            default -> 1;
        };
        for (int i = 0; i < operands; i++) {
            emit(rng, depth - 1, out);
        }
        double operand = switch (kind) {
            case ADD_CONST, MUL_CONST -> rng.nextDouble(-3.0, 3.0);
            case POW -> EXPONENTS[rng.nextInt(EXPONENTS.length)];
            default -> 0.0;
        };
        out.add(new Instruction(kind, operand));
    }

    int size() {
        return programs.size();
    }

    /**
     * Builds expression {@code e} from fresh variables, differentiates it, and returns its value plus
     * the gradients of its variables (so nothing is left for the JIT to drop).
     */
    double evaluateAndBackward(int e) {
        double[] in = inputs[e];
        for (int v = 0; v < VARIABLES; v++) {
            variables[v] = Value.of(in[v]);
        }
        int top = 0;
        for (Instruction ins : programs.get(e)) {
            Value result;
            switch (ins.kind) {
                case VAR -> result = variables[(int) ins.operand];
                case CONST -> result = Value.of(ins.operand);
                case ADD -> result = stack[top - 2].add(stack[top - 1]);
                case SUB -> result = stack[top - 2].sub(stack[top - 1]);
                case MUL -> result = stack[top - 2].mul(stack[top - 1]);
                case DIV -> result = stack[top - 2].div(stack[top - 1]);
                case ADD_CONST -> result = stack[top - 1].add(ins.operand);
                case MUL_CONST -> result = stack[top - 1].mul(ins.operand);
                case POW -> result = stack[top - 1].pow(ins.operand);
                case NEG -> result = stack[top - 1].neg();
                case EXP -> result = stack[top - 1].exp();
                case LOG -> result = stack[top - 1].log();
                case TANH -> result = stack[top - 1].tanh();
                case RELU -> result = stack[top - 1].relu();
                case SIGMOID -> result = stack[top - 1].sigmoid();
                case SUM3 -> result = Value.sum(List.of(stack[top - 3], stack[top - 2], stack[top - 1]));
                case DOT2 -> result = Value.dot(List.of(stack[top - 5], stack[top - 4]),
                        List.of(stack[top - 3], stack[top - 2]), stack[top - 1]);
                default -> throw new AssertionError(ins.kind);
            }
            top -= switch (ins.kind) {
                case VAR, CONST -> 0;
                case ADD, SUB, MUL, DIV -> 2;
                case SUM3 -> 3;
                case DOT2 -> 5;
                default -> 1;
            };
            stack[top++] = result;
        }
        Value root = stack[0];
        root.backward();
        double checksum = root.data();
        for (Value v : variables) {
            checksum += v.grad();
        }
        return checksum;
    }
}
