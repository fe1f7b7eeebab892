package dev.micrograd.nn;

import dev.micrograd.engine.Value;
import java.util.List;

/**
 * The data losses a {@link Trainer} can be told to use; each computes what the {@link Losses}
 * method of the same name computes, and each loss's formula is written here, once.
 *
 * <p>A loss is built per sample from the model's outputs for that sample and a few constant
 * leaves that hold the sample's target in the form the formula consumes ({@link #encode}: e.g.
 * {@code -y} for the max-margin term {@code 1 + (-y)·score}). The terms are then summed
 * ({@link #SUM_SQUARED_ERROR}) or averaged (every other loss). A {@link Trainer} in compiled mode
 * keeps those leaves and writes each batch's targets into them, so that a compiled graph computes
 * exactly what the {@link Losses} method builds.
 *
 * <p>Which data: {@link #CROSS_ENTROPY} takes a dataset with classes ({@link Dataset#ofClasses}) and
 * a model with one output per class; the other losses take labels that are numbers and a model with
 * one output.
 */
public enum Loss {
    /** {@link Losses#sumSquaredError}: the lecture's {@code Σ (yout - ygt)²}. */
    SUM_SQUARED_ERROR,
    /** {@link Losses#meanSquaredError}: {@code (1/n) Σ (yout - ygt)²}. */
    MEAN_SQUARED_ERROR,
    /** {@link Losses#maxMargin}: the demo's {@code (1/n) Σ relu(1 - y·score)}. */
    MAX_MARGIN,
    /** {@link Losses#binaryCrossEntropy}: {@code (1/n) Σ -log σ(y·logit)} for labels ±1. */
    BINARY_CROSS_ENTROPY,
    /** {@link Losses#crossEntropy(List, int[])}: {@code (1/n) Σ -log softmax(logits)[target]} over K classes. */
    CROSS_ENTROPY;

    /**
     * How many constant leaves a sample's term reads for a model of {@code outputs} outputs: one
     * (the encoded target) for the one-output losses; for {@link #CROSS_ENTROPY} the shift
     * {@code c} and one weight per class.
     */
    int leavesPerSample(int outputs) {
        return this == CROSS_ENTROPY ? outputs + 1 : 1;
    }

    /**
     * Writes the numbers of a sample's leaves for {@code target}, given the sample's outputs at
     * their current data (only {@link #CROSS_ENTROPY} reads them, for its shift).
     *
     * <p>SSE and MSE: micrograd's {@code yout - ygt} is {@code yout + (-ygt)}; max-margin:
     * {@code 1 + (-y)·score}; BCE: {@code softplus((-y)·logit)}: all four hold {@code -target}.
     * Cross-entropy: {@code c = max_k z_k} first, then {@code -1} at the target's class and
     * {@code 0} at the others (the negated one-hot vector).
     */
    void encode(double target, List<Value> outputs, Value[] leaves) {
        if (this != CROSS_ENTROPY) {
            leaves[0].setData(-target);
            return;
        }
        leaves[0].setData(maxData(outputs));
        for (int k = 0; k < outputs.size(); k++) {
            leaves[k + 1].setData(k == target ? -1.0 : 0.0);
        }
    }

    /**
     * One sample's term, from its outputs and its leaves (as {@link #encode} fills them).
     *
     * <p>Cross-entropy is built as {@code log(Σₖ exp(zₖ - c)) + Σₖ (-yₖ)·(zₖ - c)}, that is
     * {@code logsumexp(z) - z[target]} written in the shifted logits {@code zₖ - c}, with {@code c}
     * a constant leaf holding {@code max z}. The shift makes the largest exponent {@code e^0 = 1}:
     * nothing overflows and the logarithm's argument is at least 1, so logits of 1000 give a finite
     * loss; and since {@code c} is never added back, no large number is added and cancelled again
     * (uniform logits of 1000 give {@code log K} to the last bit). Holding {@code c} as a constant
     * is exact: the loss does not depend on {@code c} at all ({@code d/dc = 1 - Σₖ softmaxₖ = 0}),
     * so the gradient that would flow through a differentiated max is zero and
     * {@code d/dzₖ = softmaxₖ - yₖ} either way.
     */
    Value term(List<Value> outputs, Value[] leaves) {
        Value p = outputs.get(0);
        return switch (this) {
            case SUM_SQUARED_ERROR, MEAN_SQUARED_ERROR -> p.add(leaves[0]).pow(2);
            case MAX_MARGIN -> p.mul(leaves[0]).add(1.0).relu();
            case BINARY_CROSS_ENTROPY -> softplus(p.mul(leaves[0]));
            case CROSS_ENTROPY -> crossEntropyTerm(outputs, leaves);
        };
    }

    /** The loss over a batch: the terms summed, then (for every loss but SSE) times {@code 1.0 / n}. */
    Value reduce(Value[] terms) {
        Value sum = Value.sum(List.of(terms));
        return this == SUM_SQUARED_ERROR ? sum : sum.mul(1.0 / terms.length);
    }

    /** A sample's leaves, new and filled by {@link #encode}. */
    Value[] leaves(double target, List<Value> outputs) {
        Value[] leaves = new Value[leavesPerSample(outputs.size())];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = Value.of(0.0);
        }
        encode(target, outputs, leaves);
        return leaves;
    }

    /** Builds the whole loss from every sample's outputs and targets, without checks. */
    Value build(List<List<Value>> outputs, double[] targets) {
        Value[] terms = new Value[targets.length];
        for (int i = 0; i < terms.length; i++) {
            List<Value> sample = outputs.get(i);
            terms[i] = term(sample, leaves(targets[i], sample));
        }
        return reduce(terms);
    }

    /**
     * The one check of binary labels: each exactly {@code -1} or {@code +1}.
     *
     * @param labels the labels
     * @param name the labels' name in the message ({@code labels} gives {@code labels[3] = 0.5})
     * @throws IllegalArgumentException naming the first other label
     */
    static void checkBinaryLabels(double[] labels, String name) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 1.0 && labels[i] != -1.0) {
                throw new IllegalArgumentException(
                        "binary cross-entropy expects labels -1 or +1, found " + name + "[" + i + "] = " + labels[i]);
            }
        }
    }

    private static Value crossEntropyTerm(List<Value> logits, Value[] leaves) {
        Value shift = leaves[0];
        Value[] shifted = new Value[logits.size()];
        Value[] exps = new Value[shifted.length];
        for (int k = 0; k < exps.length; k++) {
            shifted[k] = logits.get(k).sub(shift);
            exps[k] = shifted[k].exp();
        }
        Value logSum = Value.sum(List.of(exps)).log();
        return Value.dot(List.of(leaves).subList(1, leaves.length), List.of(shifted), logSum);
    }

    /** The largest data of {@code values}; NaN if one is NaN (the loss is then NaN anyway). */
    static double maxData(List<Value> values) {
        double max = Double.NEGATIVE_INFINITY;
        for (Value v : values) {
            double d = v.data();
            if (Double.isNaN(d)) {
                return Double.NaN;
            }
            max = Math.max(max, d);
        }
        return max;
    }

    /** {@code log(1 + e^u)} without overflow: {@code relu(u) + log(1 + exp(u - 2·relu(u)))}. */
    private static Value softplus(Value u) {
        Value r = u.relu();
        return r.add(u.sub(r.mul(2.0)).exp().add(1.0).log());
    }
}
