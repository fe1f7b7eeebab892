package dev.micrograd.nn;

import dev.micrograd.engine.Value;
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
 * <p>Labels: the classification losses take the datasets' labels {@code -1} and {@code +1}
 * ({@link Datasets}); {@link #binaryCrossEntropy} requires exactly those two numbers.
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
        return Loss.SUM_SQUARED_ERROR.apply(predictions, targets);
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
        return Loss.MEAN_SQUARED_ERROR.apply(predictions, targets);
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
        return Loss.MAX_MARGIN.apply(scores, labels);
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
        return Loss.BINARY_CROSS_ENTROPY.apply(logits, labels);
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

    /** One constant leaf per target, holding the loss's encoding of it. */
    static Value[] constants(double[] targets, Loss loss) {
        Value[] leaves = new Value[targets.length];
        for (int i = 0; i < targets.length; i++) {
            leaves[i] = Value.of(loss.encode(targets[i]));
        }
        return leaves;
    }

    /** {@code log(1 + e^u)} without overflow: {@code relu(u) + log(1 + exp(u - 2·relu(u)))}. */
    static Value softplus(Value u) {
        Value r = u.relu();
        return r.add(u.sub(r.mul(2.0)).exp().add(1.0).log());
    }
}
