package dev.micrograd.nn;

import dev.micrograd.engine.Value;
import java.util.List;
import java.util.Objects;

/**
 * The losses of {@link Losses}, as values a {@link Trainer} (or a command line) can name.
 *
 * <p>Each loss compares predictions with targets through one constant leaf per target (the
 * {@linkplain #encode encoded} target, e.g. {@code -y} for the max-margin loss's
 * {@code 1 + (-y)·score}). A {@link Trainer} in compiled mode keeps those leaves and writes each
 * batch's targets into them, so a compiled graph computes exactly what {@link #apply} builds.
 */
public enum Loss {
    /** {@link Losses#sumSquaredError}: the lecture's {@code Σ (yout - ygt)²}. */
    SUM_SQUARED_ERROR("sse"),
    /** {@link Losses#meanSquaredError}: {@code (1/n) Σ (yout - ygt)²}. */
    MEAN_SQUARED_ERROR("mse"),
    /** {@link Losses#maxMargin}: the demo's {@code (1/n) Σ relu(1 - y·score)}. */
    MAX_MARGIN("max-margin"),
    /** {@link Losses#binaryCrossEntropy}: {@code (1/n) Σ -log σ(y·logit)} for labels ±1. */
    BINARY_CROSS_ENTROPY("bce");

    private final String shortName;

    Loss(String shortName) {
        this.shortName = shortName;
    }

    /**
     * The loss of {@code predictions} against {@code targets}, as the {@link Losses} method of the same name.
     *
     * @param predictions one prediction per target
     * @param targets the targets
     * @return a new node holding the loss
     * @throws NullPointerException if an argument or a prediction is null
     * @throws IllegalArgumentException if the sizes differ or are 0, or (for
     *         {@link #BINARY_CROSS_ENTROPY}) a label is neither -1 nor +1
     */
    public Value apply(List<Value> predictions, double[] targets) {
        check(predictions, targets);
        return build(predictions, Losses.constants(targets, this));
    }

    /**
     * The short name used on command lines: {@code sse}, {@code mse}, {@code max-margin}, {@code bce}.
     *
     * @return the short name
     */
    public String shortName() {
        return shortName;
    }

    /**
     * Parses a short name ({@code sse}, {@code mse}, {@code max-margin}, {@code bce}) or a constant
     * name ({@code MAX_MARGIN}), case-insensitively.
     *
     * @param name the name
     * @return the loss
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException naming the accepted values if {@code name} is none of them
     */
    public static Loss parse(String name) {
        Objects.requireNonNull(name, "name");
        String s = name.strip();
        for (Loss loss : values()) {
            if (loss.shortName.equalsIgnoreCase(s) || loss.name().equalsIgnoreCase(s)) {
                return loss;
            }
        }
        throw new IllegalArgumentException(
                "unknown loss '" + name + "': expected one of sse, mse, max-margin, bce");
    }

    /** Checks the arguments of {@link #apply}: sizes, nulls, and the labels this loss accepts. */
    void check(List<Value> predictions, double[] targets) {
        Losses.checkPairs(predictions, targets, "predictions", "targets");
        if (this == BINARY_CROSS_ENTROPY) {
            for (int i = 0; i < targets.length; i++) {
                if (targets[i] != 1.0 && targets[i] != -1.0) {
                    throw new IllegalArgumentException(
                            "binary cross-entropy expects labels -1 or +1, found labels[" + i + "] = " + targets[i]);
                }
            }
        }
    }

    /** The number held by a target's constant leaf. */
    double encode(double target) {
        // SSE and MSE: micrograd's yout - ygt is yout + (-ygt); max-margin: 1 + (-y)*score;
        // BCE: softplus((-y)*logit). All four hold the negated target.
        return -target;
    }

    /** Builds the loss from predictions and the encoded targets' leaves, without checks. */
    Value build(List<Value> predictions, Value[] encoded) {
        int n = predictions.size();
        Value[] terms = new Value[n];
        for (int i = 0; i < n; i++) {
            Value p = predictions.get(i);
            terms[i] = switch (this) {
                case SUM_SQUARED_ERROR, MEAN_SQUARED_ERROR -> p.add(encoded[i]).pow(2);
                case MAX_MARGIN -> p.mul(encoded[i]).add(1.0).relu();
                case BINARY_CROSS_ENTROPY -> Losses.softplus(p.mul(encoded[i]));
            };
        }
        Value sum = Value.sum(List.of(terms));
        return this == SUM_SQUARED_ERROR ? sum : sum.mul(1.0 / n);
    }
}
