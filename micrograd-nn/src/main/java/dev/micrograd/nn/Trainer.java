package dev.micrograd.nn;

import dev.micrograd.engine.Graph;
import dev.micrograd.engine.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * micrograd's demo training loop as a reusable helper: each step builds the loss on a batch, resets
 * the gradients, back-propagates, updates the parameters, and reports the step to listeners.
 *
 * <pre>{@code
 * Dataset data = Datasets.moons(100, 0.1, new SplittableRandom(1337));
 * MLP model = new MLP(2, List.of(16, 16, 1), new SplittableRandom(1337));
 * Trainer trainer = Trainer.builder(model, data)
 *         .loss(Loss.MAX_MARGIN)
 *         .l2(1e-4)
 *         .optimizer(new Sgd(model.parameters(), LearningRate.linearDecay(1.0, 0.9, 100)))
 *         .listener(r -> System.out.printf("step %d loss %f, accuracy %f%%%n", r.step(), r.loss(), r.accuracy() * 100))
 *         .build();
 * TrainingResult result = trainer.train(100);
 *
 * Dataset spiral = Datasets.spiral(100, 3, 0.2, new SplittableRandom(1337));     // 3 classes
 * MLP net = new MLP(2, List.of(16, 16, 3), new SplittableRandom(1337));           // one logit per class
 * Trainer.builder(net, spiral).optimizer(new Adam(net.parameters(), 0.02)).build().train(200);  // cross-entropy
 * }</pre>
 *
 * <p>One step, as the demo's loop body:
 * <ol>
 *   <li>the batch: the whole dataset in order ({@code batchSize(0)}, the default), or
 *       {@code batchSize} samples drawn with {@link Dataset#batch} from the trainer's generator;</li>
 *   <li>{@code scores = model(x)} for each sample (the model's single output, or its K logits for a
 *       dataset of K classes);</li>
 *   <li>{@code total = loss(scores, y) + alpha · Σ p²} (the second term only when {@code alpha > 0});</li>
 *   <li>accuracy of the scores: the share with {@code sign(score) = sign(y)}, as
 *       {@link Losses#accuracy(List, double[])}, or with {@code argmax(logits) = y}, as
 *       {@link Losses#accuracy(List, int[])};</li>
 *   <li>{@code model.zeroGrad()} and {@code optimizer.zeroGrad()}; {@code total.backward()};
 *       {@code optimizer.step()};</li>
 *   <li>a {@link StepReport} of the loss and accuracy computed in this step (before the update)
 *       to every listener.</li>
 * </ol>
 *
 * <p>Compiled mode ({@link Builder#compiled(boolean) compiled(true)}) builds one sample's graph
 * once, from the parameters, one input leaf per feature and the target's leaves, and replays it
 * with {@link Graph} for each sample of the batch: it writes the sample into those leaves, runs
 * {@link Graph#forward()} and, at once, {@link Graph#backward(double)} from the gradient the
 * sample's loss term receives in the whole loss. It computes exactly what the default dynamic mode
 * computes, to the last bit, with no graph built per step.
 *
 * <p>Determinism: the same model, dataset, settings and generator states give bit-identical
 * losses, accuracies and parameters, in either mode, on any JVM. Threads: a trainer, its model
 * and its optimizer belong to one thread at a time; separate trainers over separate models may run
 * on separate threads at once (datasets are immutable and may be shared).
 */
public final class Trainer {
    private final MLP model;
    private final Dataset data;
    /** The dataset's rows and labels, read once: a dataset is immutable and its accessors copy. */
    private final double[][] xs;
    private final double[] ys;
    private final Loss loss;
    private final double alpha;
    private final Optimizer optimizer;
    private final int batchSize;
    private final RandomGenerator rng;
    private final boolean compiled;
    private final List<TrainingListener> listeners;
    private final Value[] params;
    private final Compiled graph;

    /** What one step or evaluation measured. */
    private record Figures(double loss, double accuracy) {
    }

    private Trainer(Builder b) {
        this.model = b.model;
        this.data = b.data;
        this.xs = b.data.xs();
        this.ys = b.data.ys();
        this.loss = b.loss;
        this.alpha = b.alpha;
        this.optimizer = b.optimizer != null
                ? b.optimizer
                : new Sgd(b.model.parameters(), LearningRate.linearDecay(1.0, 0.9, 100));
        this.batchSize = b.batchSize;
        this.rng = b.rng;
        this.compiled = b.compiled;
        this.listeners = List.copyOf(b.listeners);
        this.params = model.parameters().toArray(new Value[0]);
        this.graph = compiled ? new Compiled() : null;
    }

    /**
     * A builder for training {@code model} on {@code data}.
     *
     * @param model the model: {@code data.features()} inputs; one output for a dataset whose labels
     *        are numbers, {@code data.classes()} outputs (one logit per class) for a dataset of classes
     * @param data the dataset
     * @return a new builder with the defaults: {@link Loss#MAX_MARGIN} (for a dataset of classes,
     *         {@link Loss#CROSS_ENTROPY}), no L2, the demo's SGD ({@code linearDecay(1.0, 0.9, 100)})
     *         over the model's parameters, full batch, dynamic mode, no listener
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the model's input count is not the dataset's feature
     *         count, or its output count is not the one above
     */
    public static Builder builder(MLP model, Dataset data) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        if (model.nin() != data.features()) {
            throw new IllegalArgumentException("expected a model with " + data.features()
                    + " inputs (the dataset's features), found " + model.nin());
        }
        List<Integer> nouts = model.nouts();
        int outputs = nouts.get(nouts.size() - 1);
        if (data.classes() == 0 && outputs != 1) {
            throw new IllegalArgumentException("expected a model with 1 output (one score per sample), found " + outputs);
        }
        if (data.classes() > 0 && outputs != data.classes()) {
            throw new IllegalArgumentException("expected a model with " + data.classes()
                    + " outputs (one logit per class of the dataset), found " + outputs);
        }
        return new Builder(model, data);
    }

    /**
     * Runs {@code steps} training steps, reporting each to the listeners.
     * Calling it again continues where the optimizer left off (its step count, its schedule).
     *
     * @param steps the number of steps, at least 1
     * @return the reports of these steps and the time taken
     * @throws IllegalArgumentException if {@code steps < 1}
     * @throws IllegalStateException if the optimizer rejects a step (e.g. a non-finite learning rate);
     *         the steps before it have been done
     */
    public TrainingResult train(int steps) {
        Checks.atLeastOne(steps, "steps");
        long start = System.nanoTime();
        List<StepReport> history = new ArrayList<>(steps);
        for (int s = 0; s < steps; s++) {
            int step = optimizer.steps();
            Figures figures = compiled ? graph.step() : dynamicStep();
            StepReport report = new StepReport(step, figures.loss(), figures.accuracy(), System.nanoTime() - start);
            history.add(report);
            for (TrainingListener listener : listeners) {
                listener.onStep(report);
            }
        }
        return new TrainingResult(history, System.nanoTime() - start);
    }

    /**
     * The total loss and the accuracy on the whole dataset at the current parameters, without
     * touching gradients or parameters.
     *
     * @return a report whose step is the optimizer's step count and whose elapsed time is the evaluation's
     */
    public StepReport evaluate() {
        long start = System.nanoTime();
        List<List<Value>> outputs = new ArrayList<>(xs.length);
        for (double[] row : xs) {
            outputs.add(model.forward(Checks.leaves(row)));
        }
        Value total = total(loss.build(outputs, ys));
        return new StepReport(optimizer.steps(), total.data(), accuracy(outputs, ys), System.nanoTime() - start);
    }

    /**
     * The model being trained.
     *
     * @return the model
     */
    public MLP model() {
        return model;
    }

    /**
     * The optimizer.
     *
     * @return the optimizer given to the builder, or the default one
     */
    public Optimizer optimizer() {
        return optimizer;
    }

    /**
     * Whether steps replay a compiled graph.
     *
     * @return the mode
     */
    public boolean compiled() {
        return compiled;
    }

    private Figures dynamicStep() {
        int[] indices = batchSize == 0 ? null : data.batchIndices(batchSize, rng);
        int n = indices == null ? xs.length : indices.length;
        List<List<Value>> outputs = new ArrayList<>(n);
        double[] targets = new double[n];
        Value[] terms = new Value[n];
        for (int k = 0; k < n; k++) {
            int i = indices == null ? k : indices[k];
            List<Value> out = model.forward(Checks.leaves(xs[i]));
            outputs.add(out);
            targets[k] = ys[i];
            terms[k] = loss.term(out, loss.leaves(ys[i], out));
        }
        Value total = total(loss.reduce(terms));
        double acc = accuracy(outputs, targets);
        zeroGrad();
        total.backward();
        optimizer.step();
        return new Figures(total.data(), acc);
    }

    /** The data loss plus, when {@code alpha > 0}, the L2 term. */
    private Value total(Value dataLoss) {
        return alpha > 0.0 ? dataLoss.add(Losses.l2(model.parameters(), alpha)) : dataLoss;
    }

    /** Sign agreement for one output ({@link Losses#accuracy(List, double[])}), argmax for K ({@link Losses#argmax}). */
    private double accuracy(List<List<Value>> outputs, double[] targets) {
        int correct = 0;
        for (int k = 0; k < targets.length; k++) {
            if (isRight(outputs.get(k), targets[k])) {
                correct++;
            }
        }
        return (double) correct / targets.length;
    }

    /** Whether one sample's outputs predict its target. */
    private boolean isRight(List<Value> out, double target) {
        return data.classes() > 0
                ? Losses.argmax(out) == target
                : (out.get(0).data() > 0.0) == (target > 0.0);
    }

    private void zeroGrad() {
        Params.zeroGrad(params);
        optimizer.zeroGrad();
    }

    /**
     * The graphs of compiled mode, built once and replayed each step: one sample's graph (the
     * model's outputs and the loss term, from input and target leaves) replayed for each sample of
     * the batch, and the head (the terms' reduction plus L2) over one leaf per term. A step
     * differentiates the head first (L2 into the parameters, and each term's gradient), then each
     * sample from the last to the first, forward and at once backward from its term's gradient, and
     * last computes the head's loss from the terms: the rules, operands and order of the one graph
     * of the whole batch that dynamic mode builds ({@code total.backward()} visits the L2 term first,
     * then the samples from the last to the first), so the same numbers to the last bit, over a
     * graph that stays small enough to stay in cache.
     *
     * <p>Cross-entropy's shift (the largest logit, a constant leaf) depends on the sample's logits,
     * so for it each sample first replays a graph that computes the logits alone, writes the shift,
     * and then replays the term: one extra forward pass through the model, as in dynamic mode's
     * reading of the logits.
     */
    private final class Compiled {
        private final Value[] inputs;
        private final Value[] targetLeaves;
        private final List<Value> outputs;
        private final Graph sample;
        private final Graph logits;
        /** One leaf per batch slot, holding the slot's term for the head. */
        private final Value[] terms;
        private final Value total;
        /** The terms' reduction plus L2; its backward gives the parameters their L2 gradient first. */
        private final Graph head;

        Compiled() {
            int n = batchSize == 0 ? xs.length : batchSize;
            int f = data.features();
            inputs = new Value[f];
            for (int j = 0; j < f; j++) {
                inputs[j] = Value.of(0.0);
            }
            outputs = model.forward(List.of(inputs));
            targetLeaves = new Value[loss.leavesPerSample(outputs.size())];
            for (int j = 0; j < targetLeaves.length; j++) {
                targetLeaves[j] = Value.of(0.0);
            }
            sample = Graph.compile(loss.term(outputs, targetLeaves));
            logits = loss == Loss.CROSS_ENTROPY ? Graph.compile(Value.sum(outputs)) : null;
            terms = new Value[n];
            for (int k = 0; k < n; k++) {
                terms[k] = Value.of(0.0);
            }
            total = total(loss.reduce(terms));
            head = Graph.compile(total);
        }

        Figures step() {
            int[] indices = batchSize == 0 ? null : data.batchIndices(batchSize, rng);
            zeroGrad();
            for (Value term : terms) {
                term.setGrad(0.0);
            }
            // The head's nodes still hold the last step's data here. Its rules read only the current
            // parameters and constants for the gradients that matter (the term leaves' and the
            // parameters'), and none of its gradients is 0, so the zero skip reads no stale data.
            head.backward();
            int correct = 0;
            for (int k = terms.length - 1; k >= 0; k--) {
                int i = indices == null ? k : indices[k];
                double[] row = xs[i];
                for (int j = 0; j < row.length; j++) {
                    inputs[j].setData(row[j]);
                }
                if (logits != null) {
                    logits.forward();
                }
                loss.encode(ys[i], outputs, targetLeaves);
                sample.forward();
                if (isRight(outputs, ys[i])) {
                    correct++;
                }
                terms[k].setData(sample.root().data());
                sample.backward(terms[k].grad());
            }
            head.forward();
            optimizer.step();
            return new Figures(total.data(), (double) correct / terms.length);
        }
    }

    /**
     * Settings of a {@link Trainer}; each setter checks its argument at once and returns this builder.
     * Not synchronized.
     */
    public static final class Builder {
        private final MLP model;
        private final Dataset data;
        private Loss loss;
        private double alpha;
        private Optimizer optimizer;
        private int batchSize;
        private RandomGenerator rng;
        private boolean compiled;
        private final List<TrainingListener> listeners = new ArrayList<>();

        private Builder(MLP model, Dataset data) {
            this.model = model;
            this.data = data;
            this.loss = data.classes() > 0 ? Loss.CROSS_ENTROPY : Loss.MAX_MARGIN;
        }

        /**
         * The data loss (default {@link Loss#MAX_MARGIN}, the demo's; for a dataset of classes
         * {@link Loss#CROSS_ENTROPY}, the only loss that takes one).
         *
         * @param loss the loss
         * @return this builder
         * @throws NullPointerException if {@code loss} is null
         * @throws IllegalArgumentException if it is {@link Loss#BINARY_CROSS_ENTROPY} and a label is
         *         neither -1 nor +1, if it is {@link Loss#CROSS_ENTROPY} and the dataset has no classes,
         *         or if it is another loss and the dataset has classes
         */
        public Builder loss(Loss loss) {
            Objects.requireNonNull(loss, "loss");
            if (loss == Loss.CROSS_ENTROPY && data.classes() == 0) {
                throw new IllegalArgumentException("cross-entropy expects a dataset of classes (Dataset.ofClasses), "
                        + "found one whose labels are numbers");
            }
            if (loss != Loss.CROSS_ENTROPY && data.classes() > 0) {
                throw new IllegalArgumentException(loss + " expects labels that are numbers, found a dataset of "
                        + data.classes() + " classes (use CROSS_ENTROPY)");
            }
            if (loss == Loss.BINARY_CROSS_ENTROPY) {
                Loss.checkBinaryLabels(data.ys(), "y");
            }
            this.loss = loss;
            return this;
        }

        /**
         * L2 regularisation {@code alpha · Σ p²} over the model's parameters, added to the data
         * loss when {@code alpha > 0} (default 0: no term; the demo's is 1e-4).
         *
         * @param alpha the strength, finite and at least 0
         * @return this builder
         * @throws IllegalArgumentException if {@code alpha} is negative, NaN or infinite
         */
        public Builder l2(double alpha) {
            Losses.checkAlpha(alpha);
            this.alpha = alpha;
            return this;
        }

        /**
         * The optimizer (default: the demo's {@code new Sgd(model.parameters(), LearningRate.linearDecay(1.0, 0.9, 100))}).
         * It should update the model's parameters; the trainer resets the model's gradients and
         * the optimizer's before each backward pass.
         *
         * @param optimizer the optimizer
         * @return this builder
         * @throws NullPointerException if {@code optimizer} is null
         */
        public Builder optimizer(Optimizer optimizer) {
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
            return this;
        }

        /**
         * Samples per step: 0 (the default) for the whole dataset in order, or a mini-batch of
         * this many distinct samples drawn each step from {@link #rng}.
         *
         * @param batchSize 0, or in {@code [1, data.size()]}
         * @return this builder
         * @throws IllegalArgumentException if {@code batchSize} is negative or larger than the dataset
         */
        public Builder batchSize(int batchSize) {
            if (batchSize < 0 || batchSize > data.size()) {
                throw new IllegalArgumentException("expected a batch size in [0, " + data.size()
                        + "] (0 = full batch), found " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * The generator that draws mini-batches; required when {@code batchSize > 0}.
         *
         * @param rng the generator
         * @return this builder
         * @throws NullPointerException if {@code rng} is null
         */
        public Builder rng(RandomGenerator rng) {
            this.rng = Objects.requireNonNull(rng, "rng");
            return this;
        }

        /**
         * Whether to build the graph once and replay it (default false: a new graph per step, as micrograd).
         *
         * @param compiled the mode
         * @return this builder
         */
        public Builder compiled(boolean compiled) {
            this.compiled = compiled;
            return this;
        }

        /**
         * Adds a listener, called after every step in the order added.
         *
         * @param listener the listener
         * @return this builder
         * @throws NullPointerException if {@code listener} is null
         */
        public Builder listener(TrainingListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Builds the trainer (in compiled mode, builds and compiles the graph).
         *
         * @return a new trainer
         * @throws IllegalStateException if {@code batchSize > 0} and no {@link #rng} was given
         */
        public Trainer build() {
            if (batchSize > 0 && rng == null) {
                throw new IllegalStateException("batchSize " + batchSize + " needs a generator: call rng(...)");
            }
            return new Trainer(this);
        }
    }
}
