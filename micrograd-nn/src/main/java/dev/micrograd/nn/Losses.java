package dev.micrograd.nn;

import dev.micrograd.engine.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Loss functions, regularisation and accuracy, as the lecture and micrograd's demo compute them.
 *
 * <pre>{@code
 * List<Value> scores = ...;                                   // one model output per sample
 * Value dataLoss = Losses.maxMargin(scores, data.ys());       // demo: mean of relu(1 - y*score)
 * Value regLoss = Losses.l2(model.parameters(), 1e-4);        // demo: alpha * Σ p*p
 * Value total = dataLoss.add(regLoss);
 * double acc = Losses.accuracy(scores, data.ys());            // share with sign(score) = sign(y)
 * }</pre>
 *
 * <p>Every loss returns one node whose {@code backward()} reaches the predictions; targets and
 * labels enter as constant leaves. Numbers are not checked: a NaN prediction or target gives a
 * NaN loss. Sizes are: predictions and targets must be non-empty and of the same length.
 *
 * <p>Labels: the two-class losses take the datasets' labels {@code -1} and {@code +1}
 * ({@link Datasets}); {@link #binaryCrossEntropy} requires exactly those two numbers.
 *
 * <p>K classes: a model with K outputs gives K logits per sample; {@link #softmax} turns them into
 * probabilities, {@link #crossEntropy(List, int)} is {@code -log softmax(logits)[target]} for one
 * sample and {@link #crossEntropy(List, int[])} its mean over a batch, {@link #argmax} the
 * predicted class and {@link #accuracy(List, int[])} the share predicted right:
 *
 * <pre>{@code
 * List<List<Value>> logits = ...;                             // model.forward(x) per sample, K each
 * Value loss = Losses.crossEntropy(logits, data.classLabels()); // (1/n) Σ -log softmax(zᵢ)[yᵢ]
 * double acc = Losses.accuracy(logits, data.classLabels());   // share with argmax(zᵢ) = yᵢ
 * }</pre>
 *
 * <p>The formulas themselves are written once, in {@link Loss}; these methods check their
 * arguments and build them.
 */
public final class Losses {
    private Losses() {
    }

    /**
     * The lecture's loss: {@code Σᵢ (predictionᵢ - targetᵢ)²}, each difference built as micrograd's
     * {@code yout - ygt} (that is {@code yout + (-ygt)}), squared with {@code pow(2)} and summed
     * in order. {@code d/dpredictionᵢ = 2 (predictionᵢ - targetᵢ)}.
     *
     * @param predictions the model's outputs, one per target
     * @param targets the targets
     * @return a new node holding the loss (at least 0, unless a number is NaN)
     * @throws NullPointerException if an argument or a prediction is null
     * @throws IllegalArgumentException if the sizes differ or are 0 (the message gives both)
     */
    public static Value sumSquaredError(List<Value> predictions, double[] targets) {
        checkPairs(predictions, targets, "predictions", "targets");
        return Loss.SUM_SQUARED_ERROR.build(single(predictions), targets);
    }

    /**
     * {@code (1/n) Σᵢ (predictionᵢ - targetᵢ)²}: {@link #sumSquaredError} times {@code 1.0 / n}.
     * {@code d/dpredictionᵢ = (2/n) (predictionᵢ - targetᵢ)}.
     *
     * @param predictions the model's outputs, one per target
     * @param targets the targets
     * @return a new node holding the loss
     * @throws NullPointerException if an argument or a prediction is null
     * @throws IllegalArgumentException if the sizes differ or are 0
     */
    public static Value meanSquaredError(List<Value> predictions, double[] targets) {
        checkPairs(predictions, targets, "predictions", "targets");
        return Loss.MEAN_SQUARED_ERROR.build(single(predictions), targets);
    }

    /**
     * The demo's SVM max-margin loss: {@code (1/n) Σᵢ relu(1 - yᵢ·scoreᵢ)}, built as the demo's
     * {@code sum((1 + -yi*scorei).relu() for ...) * (1.0 / len(losses))}. A sample scored on the
     * right side with margin at least 1 contributes 0 and no gradient;
     * otherwise {@code d/dscoreᵢ = -yᵢ / n}. At the kink ({@code yᵢ·scoreᵢ = 1}) the gradient is 0,
     * as micrograd's {@code relu}.
     *
     * @param scores the model's outputs, one per label
     * @param labels the labels, normally -1 or +1
     * @return a new node holding the loss
     * @throws NullPointerException if an argument or a score is null
     * @throws IllegalArgumentException if the sizes differ or are 0
     */
    public static Value maxMargin(List<Value> scores, double[] labels) {
        checkPairs(scores, labels, "predictions", "targets");
        return Loss.MAX_MARGIN.build(single(scores), labels);
    }

    /**
     * Binary cross-entropy on {@code σ(logit)}: {@code (1/n) Σᵢ -[tᵢ log σ(zᵢ) + (1 - tᵢ) log(1 - σ(zᵢ))]}
     * with {@code tᵢ = (yᵢ + 1) / 2}; labels are the datasets' {@code -1} and {@code +1} (+1 is
     * the class whose probability is {@code σ(z)}). Equal to {@code (1/n) Σᵢ softplus(-yᵢ·zᵢ)},
     * which is how it is built, in a form that never overflows:
     * {@code softplus(u) = relu(u) + log(1 + exp(u - 2·relu(u)))} (that is
     * {@code max(u, 0) + log(1 + e^-|u|)}). So a logit of ±1000 gives a finite loss (0 or 1000/n)
     * and a finite gradient, where {@code -log σ(z)} would give infinity and NaN.
     * {@code d/dzᵢ = (σ(zᵢ) - tᵢ) / n}, exactly at {@code zᵢ = 0} too.
     *
     * @param logits the model's outputs before the sigmoid, one per label
     * @param labels the labels, each exactly {@code -1} or {@code +1}
     * @return a new node holding the loss
     * @throws NullPointerException if an argument or a logit is null
     * @throws IllegalArgumentException if the sizes differ or are 0, or a label is neither -1 nor +1
     */
    public static Value binaryCrossEntropy(List<Value> logits, double[] labels) {
        checkPairs(logits, labels, "predictions", "targets");
        Loss.checkBinaryLabels(labels, "labels");
        return Loss.BINARY_CROSS_ENTROPY.build(single(logits), labels);
    }

    /**
     * L2 regularisation, the demo's {@code alpha * sum((p*p for p in model.parameters()))}:
     * {@code alpha · Σ p·p}, built as {@code Value.sum(p.mul(p) …).mul(alpha)}.
     * {@code d/dp = 2·alpha·p}. An empty list gives a constant 0.
     *
     * @param parameters the parameters to penalise
     * @param alpha the strength, finite and at least 0 (the demo's is 1e-4)
     * @return a new node holding the penalty
     * @throws NullPointerException if {@code parameters} or an element is null
     * @throws IllegalArgumentException if {@code alpha} is negative, NaN or infinite
     */
    public static Value l2(List<Value> parameters, double alpha) {
        Objects.requireNonNull(parameters, "parameters");
        checkAlpha(alpha);
        Value[] squares = new Value[parameters.size()];
        for (int i = 0; i < squares.length; i++) {
            Value p = parameters.get(i);
            if (p == null) {
                throw new NullPointerException("parameters[" + i + "] is null");
            }
            squares[i] = p.mul(p);
        }
        return Value.sum(List.of(squares)).mul(alpha);
    }

    /**
     * The demo's accuracy: the share of samples where {@code score > 0} agrees with
     * {@code label > 0}, read from the scores' current data. A NaN score counts as not positive.
     *
     * @param scores the model's outputs, one per label
     * @param labels the labels
     * @return a number in {@code [0, 1]}
     * @throws NullPointerException if an argument or a score is null
     * @throws IllegalArgumentException if the sizes differ or are 0
     */
    public static double accuracy(List<Value> scores, double[] labels) {
        checkPairs(scores, labels, "scores", "labels");
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            if ((scores.get(i).data() > 0.0) == (labels[i] > 0.0)) {
                correct++;
            }
        }
        return (double) correct / labels.length;
    }


    /**
     * The softmax of {@code logits}: {@code pₖ = e^(zₖ - c) / Σⱼ e^(zⱼ - c)} with {@code c = max z}
     * held as a constant leaf, which changes nothing in value or gradient (the shift cancels between
     * numerator and denominator) but keeps every exponent at most 0, so logits of 1000 give finite
     * probabilities. {@code dpₖ/dzⱼ = pₖ (δₖⱼ - pⱼ)}. Each {@code pₖ} is in {@code [0, 1]} and
     * they sum to 1 up to rounding, for finite logits; a NaN or infinite logit gives NaN.
     *
     * @param logits the scores of the classes, at least one
     * @return a new list of new nodes, one probability per logit, in order
     * @throws NullPointerException if {@code logits} or an element is null
     * @throws IllegalArgumentException if {@code logits} is empty
     */
    public static List<Value> softmax(List<Value> logits) {
        checkLogits(logits, "logits");
        Value shift = Value.of(Loss.maxData(logits));
        Value[] exps = new Value[logits.size()];
        for (int k = 0; k < exps.length; k++) {
            exps[k] = logits.get(k).sub(shift).exp();
        }
        Value total = Value.sum(List.of(exps));
        Value[] p = new Value[exps.length];
        for (int k = 0; k < p.length; k++) {
            p[k] = exps[k].div(total);
        }
        return List.of(p);
    }

    /**
     * Cross-entropy of one sample: {@code -log softmax(logits)[target]}
     * {@code = log Σₖ e^(zₖ) - z[target]}, computed stably as
     * {@code log Σₖ e^(zₖ - c) - (z[target] - c)} with {@code c = max z} held as a constant leaf.
     * Holding the shift constant is exact, not an approximation: the expression does not depend on
     * {@code c} ({@code d/dc = 1 - Σₖ softmaxₖ = 0}), so the gradient a differentiated max would add
     * is zero. {@code d/dzₖ = softmaxₖ - [k = target]}. Logits of 1000 give a finite loss and
     * gradient; uniform logits give {@code log K}. Finite logits give a finite loss of at least 0
     * (up to rounding); a NaN or infinite logit gives NaN.
     *
     * @param logits the scores of the K classes, at least one
     * @param target the true class, in {@code [0, K)}
     * @return a new node holding the loss
     * @throws NullPointerException if {@code logits} or an element is null
     * @throws IllegalArgumentException if {@code logits} is empty or {@code target} is out of range
     */
    public static Value crossEntropy(List<Value> logits, int target) {
        checkLogits(logits, "logits");
        checkTarget(target, logits.size(), "target");
        return Loss.CROSS_ENTROPY.term(logits, Loss.CROSS_ENTROPY.leaves(target, logits));
    }

    /**
     * Cross-entropy of a batch: {@code (1/n) Σᵢ crossEntropy(logits[i], targets[i])}, the terms
     * summed in order as one node, then times {@code 1.0 / n}. {@code d/dzᵢₖ = (softmax(zᵢ)ₖ -
     * [k = targetᵢ]) / n}.
     *
     * @param logits one list of K logits per sample, every list of the same size K
     * @param targets each sample's class, in {@code [0, K)}
     * @return a new node holding the mean loss
     * @throws NullPointerException if an argument, a sample or a logit is null
     * @throws IllegalArgumentException if there are no samples, the counts differ, a sample has no
     *         logits or a different number than the first, or a target is out of range
     */
    public static Value crossEntropy(List<List<Value>> logits, int[] targets) {
        checkBatch(logits, targets);
        double[] classes = new double[targets.length];
        for (int i = 0; i < targets.length; i++) {
            classes[i] = targets[i];
        }
        return Loss.CROSS_ENTROPY.build(logits, classes);
    }

    /**
     * The predicted class: the index of the largest logit's data, the first one on a tie; a NaN
     * counts as the largest (the first NaN wins), as {@code numpy.argmax}.
     *
     * @param logits the scores of the classes, at least one
     * @return an index in {@code [0, logits.size())}
     * @throws NullPointerException if {@code logits} or an element is null
     * @throws IllegalArgumentException if {@code logits} is empty
     */
    public static int argmax(List<Value> logits) {
        checkLogits(logits, "logits");
        int best = 0;
        double max = logits.get(0).data();
        for (int k = 1; k < logits.size() && !Double.isNaN(max); k++) {
            double d = logits.get(k).data();
            if (d > max || Double.isNaN(d)) {
                best = k;
                max = d;
            }
        }
        return best;
    }

    /**
     * Multi-class accuracy: the share of samples whose {@link #argmax} is their target, read from
     * the logits' current data.
     *
     * @param logits one list of K logits per sample, every list of the same size K
     * @param targets each sample's class, in {@code [0, K)}
     * @return a number in {@code [0, 1]}
     * @throws NullPointerException if an argument, a sample or a logit is null
     * @throws IllegalArgumentException as {@link #crossEntropy(List, int[])}
     */
    public static double accuracy(List<List<Value>> logits, int[] targets) {
        checkBatch(logits, targets);
        int correct = 0;
        for (int i = 0; i < targets.length; i++) {
            if (argmax(logits.get(i)) == targets[i]) {
                correct++;
            }
        }
        return (double) correct / targets.length;
    }

    static void checkAlpha(double alpha) {
        if (!(alpha >= 0.0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("expected alpha finite and at least 0, found " + alpha);
        }
    }

    static void checkPairs(List<Value> values, double[] numbers, String valuesName, String numbersName) {
        Objects.requireNonNull(values, valuesName);
        Objects.requireNonNull(numbers, numbersName);
        if (values.size() != numbers.length) {
            throw new IllegalArgumentException("expected as many " + numbersName + " as " + valuesName + " ("
                    + values.size() + "), found " + numbers.length + " " + numbersName);
        }
        if (numbers.length == 0) {
            throw new IllegalArgumentException("expected at least one of " + valuesName + ", found 0");
        }
        for (int i = 0; i < numbers.length; i++) {
            if (values.get(i) == null) {
                throw new NullPointerException(valuesName + "[" + i + "] is null");
            }
        }
    }

    private static void checkLogits(List<Value> logits, String name) {
        Objects.requireNonNull(logits, name);
        if (logits.isEmpty()) {
            throw new IllegalArgumentException("expected at least one logit in " + name + ", found 0");
        }
        for (int k = 0; k < logits.size(); k++) {
            if (logits.get(k) == null) {
                throw new NullPointerException(name + "[" + k + "] is null");
            }
        }
    }

    private static void checkTarget(int target, int classes, String name) {
        if (target < 0 || target >= classes) {
            throw new IllegalArgumentException("expected " + name + " in [0, " + classes + ") (one class per logit), found "
                    + target);
        }
    }

    private static void checkBatch(List<List<Value>> logits, int[] targets) {
        Objects.requireNonNull(logits, "logits");
        Objects.requireNonNull(targets, "targets");
        if (logits.size() != targets.length) {
            throw new IllegalArgumentException("expected as many targets as samples of logits (" + logits.size()
                    + "), found " + targets.length + " targets");
        }
        if (targets.length == 0) {
            throw new IllegalArgumentException("expected at least one sample of logits, found 0");
        }
        checkLogits(logits.get(0), "logits[0]");
        int classes = logits.get(0).size();
        for (int i = 0; i < targets.length; i++) {
            List<Value> sample = logits.get(i);
            checkLogits(sample, "logits[" + i + "]");
            if (sample.size() != classes) {
                throw new IllegalArgumentException("expected every sample to have " + classes
                        + " logits (as logits[0]), found " + sample.size() + " in logits[" + i + "]");
            }
            checkTarget(targets[i], classes, "targets[" + i + "]");
        }
    }

    /** Each single output as a one-element list: the per-sample form {@link Loss} builds from. */
    private static List<List<Value>> single(List<Value> outputs) {
        List<List<Value>> samples = new ArrayList<>(outputs.size());
        for (Value v : outputs) {
            samples.add(List.of(v));
        }
        return samples;
    }
}
