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
 * }</pre>
 *
 * <p>One step, as the demo's loop body:
 * <ol>
 *   <li>the batch: the whole dataset in order ({@code batchSize(0)}, the default), or
 *       {@code batchSize} samples drawn with {@link Dataset#batch} from the trainer's generator;</li>
 *   <li>{@code scores = model(x)} for each sample (the model's single output);</li>
 *   <li>{@code total = loss(scores, y) + alpha · Σ p²} (the second term only when {@code alpha > 0});</li>
 *   <li>accuracy of the scores, as {@link Losses#accuracy};</li>
 *   <li>{@code model.zeroGrad()} and {@code optimizer.zeroGrad()}; {@code total.backward()};
 *       {@code optimizer.step()};</li>
 *   <li>a {@link StepReport} of the loss and accuracy computed in this step (before the update)
 *       to every listener.</li>
 * </ol>
 *
 * <p>Compiled mode ({@link Builder#compiled(boolean) compiled(true)}) builds the graph once, from
 * the parameters, one input leaf per feature of each batch slot and one leaf per target, and
 * replays it with {@link Graph}: each step writes the batch into those leaves, runs
 * {@link Graph#forward()}, resets the gradients and runs {@link Graph#backward()}. It computes
 * exactly what the default dynamic mode computes, to the last bit, with no graph built per step.
 *
 * <p>Determinism: the same model, dataset, settings and generator states give bit-identical
 * losses, accuracies and parameters, in either mode, on any JVM. Threads: a trainer, its model
 * and its optimizer belong to one thread at a time; separate trainers over separate models may run
 * on separate threads at once (datasets are immutable and may be shared).
 */
public final class Trainer {
    private final MLP model;
    private final Dataset data;
    private final Loss loss;
    private final double alpha;
    private final Optimizer optimizer;
    private final int batchSize;
    private final RandomGenerator rng;
    private final boolean compiled;
    private final List<TrainingListener> listeners;
    private final Value[] params;
    private final Compiled graph;

    private Trainer(Builder b) {
        this.model = b.model;
        this.data = b.data;
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
     * @param model the model: {@code data.features()} inputs and exactly one output
     * @param data the dataset
     * @return a new builder with the defaults: {@link Loss#MAX_MARGIN}, no L2, the demo's SGD
     *         ({@code linearDecay(1.0, 0.9, 100)}) over the model's parameters, full batch, dynamic mode, no listener
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the model's input count is not the dataset's feature
     *         count, or the model has more than one output
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
        if (outputs != 1) {
            throw new IllegalArgumentException("expected a model with 1 output (one score per sample), found " + outputs);
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
            double[] figures = compiled ? graph.step() : dynamicStep();
            StepReport report = new StepReport(step, figures[0], figures[1], System.nanoTime() - start);
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
        int n = data.size();
        List<Value> scores = new ArrayList<>(n);
        double[] targets = data.ys();
        for (int i = 0; i < n; i++) {
            scores.add(model.forward(Checks.leaves(data.row(i))).get(0));
        }
        Value total = total(scores, Losses.constants(targets, loss));
        double acc = Losses.accuracy(scores, targets);
        return new StepReport(optimizer.steps(), total.data(), acc, System.nanoTime() - start);
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

    private double[] dynamicStep() {
        int[] indices = batchSize == 0 ? null : data.batchIndices(batchSize, rng);
        int n = indices == null ? data.size() : indices.length;
        List<Value> scores = new ArrayList<>(n);
        double[] targets = new double[n];
        for (int k = 0; k < n; k++) {
            int i = indices == null ? k : indices[k];
            scores.add(model.forward(Checks.leaves(data.row(i))).get(0));
            targets[k] = data.label(i);
        }
        Value total = total(scores, Losses.constants(targets, loss));
        double acc = Losses.accuracy(scores, targets);
        zeroGrad();
        total.backward();
        optimizer.step();
        return new double[] {total.data(), acc};
    }

    private Value total(List<Value> scores, Value[] targetLeaves) {
        Value dataLoss = loss.build(scores, targetLeaves);
        return alpha > 0.0 ? dataLoss.add(Losses.l2(model.parameters(), alpha)) : dataLoss;
    }

    private void zeroGrad() {
        Params.zeroGrad(params);
        optimizer.zeroGrad();
    }

    /** The graph of compiled mode: built once, replayed each step. */
    private final class Compiled {
        private final Value[][] inputs;
        private final Value[] targetLeaves;
        private final double[] targets;
        private final List<Value> scores;
        private final Value total;
        private final Graph graph;

        Compiled() {
            int n = batchSize == 0 ? data.size() : batchSize;
            int f = data.features();
            inputs = new Value[n][f];
            targetLeaves = new Value[n];
            targets = new double[n];
            scores = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                for (int j = 0; j < f; j++) {
                    inputs[k][j] = Value.of(0.0);
                }
                targetLeaves[k] = Value.of(0.0);
                scores.add(model.forward(List.of(inputs[k])).get(0));
            }
            total = total(scores, targetLeaves);
            graph = Graph.compile(total);
        }

        double[] step() {
            int[] indices = batchSize == 0 ? null : data.batchIndices(batchSize, rng);
            for (int k = 0; k < inputs.length; k++) {
                int i = indices == null ? k : indices[k];
                double[] row = data.row(i);
                for (int j = 0; j < row.length; j++) {
                    inputs[k][j].setData(row[j]);
                }
                targets[k] = data.label(i);
                targetLeaves[k].setData(loss.encode(targets[k]));
            }
            graph.forward();
            double acc = Losses.accuracy(scores, targets);
            zeroGrad();
            graph.backward();
            optimizer.step();
            return new double[] {total.data(), acc};
        }
    }

    /**
     * Settings of a {@link Trainer}; each setter checks its argument at once and returns this builder.
     * Not synchronized.
     */
    public static final class Builder {
        private final MLP model;
        private final Dataset data;
        private Loss loss = Loss.MAX_MARGIN;
        private double alpha;
        private Optimizer optimizer;
        private int batchSize;
        private RandomGenerator rng;
        private boolean compiled;
        private final List<TrainingListener> listeners = new ArrayList<>();

        private Builder(MLP model, Dataset data) {
            this.model = model;
            this.data = data;
        }

        /**
         * The data loss (default {@link Loss#MAX_MARGIN}, the demo's).
         *
         * @param loss the loss
         * @return this builder
         * @throws NullPointerException if {@code loss} is null
         * @throws IllegalArgumentException if it is {@link Loss#BINARY_CROSS_ENTROPY} and a label is neither -1 nor +1
         */
        public Builder loss(Loss loss) {
            Objects.requireNonNull(loss, "loss");
            if (loss == Loss.BINARY_CROSS_ENTROPY) {
                double[] ys = data.ys();
                for (int i = 0; i < ys.length; i++) {
                    if (ys[i] != 1.0 && ys[i] != -1.0) {
                        throw new IllegalArgumentException(
                                "binary cross-entropy expects labels -1 or +1, found y[" + i + "] = " + ys[i]);
                    }
                }
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
