/**
 * micrograd's neural-net library ({@code nn.py}) and the pieces of its demo: datasets, losses,
 * optimizers, a training loop and model files.
 *
 * <p>The central class is {@link dev.micrograd.nn.MLP}. micrograd's demo, end to end:
 *
 * <pre>{@code
 * Dataset data = Datasets.moons(100, 0.1, new SplittableRandom(1337));
 * MLP model = new MLP(2, List.of(16, 16, 1), new SplittableRandom(1337));   // 337 parameters
 * TrainingResult result = Trainer.builder(model, data)
 *         .loss(Loss.MAX_MARGIN)
 *         .l2(1e-4)
 *         .optimizer(new Sgd(model.parameters(), LearningRate.linearDecay(1.0, 0.9, 100)))
 *         .build()
 *         .train(100);
 * ModelFile.save(model, Path.of("moons.mlp"));
 * }</pre>
 *
 * <p>K classes (CS231n's spiral, one logit per class, softmax cross-entropy by default for a
 * dataset of classes):
 *
 * <pre>{@code
 * Dataset spiral = Datasets.spiral(100, 3, 0.2, new SplittableRandom(1337));
 * MLP net = new MLP(2, List.of(16, 16, 3), new SplittableRandom(1337));       // 371 parameters
 * Trainer.builder(net, spiral).l2(1e-4).optimizer(new Adam(net.parameters(), 0.02)).build().train(200);
 * int predicted = Losses.argmax(net.forward(0.5, -0.2));                       // a class in 0..2
 * }</pre>
 *
 * <p>or one step by hand, as the lecture writes it:
 *
 * <pre>{@code
 * List<Value> scores = new ArrayList<>();
 * for (int i = 0; i < data.size(); i++) {
 *     scores.add(model.forward(data.inputs(i)).get(0));
 * }
 * Value loss = Losses.maxMargin(scores, data.ys()).add(Losses.l2(model.parameters(), 1e-4));
 * model.zeroGrad();
 * loss.backward();
 * for (Value p : model.parameters()) {
 *     p.setData(p.data() - 0.1 * p.grad());
 * }
 * }</pre>
 *
 * <p>Reproducibility: randomness is always injected ({@link java.util.random.RandomGenerator});
 * the same seeds give bit-identical datasets, weights, training runs and model files on every JVM.
 *
 * <p>Threads: models, optimizers and trainers are not synchronized. Separate models (with their
 * own optimizers and trainers) may be used on separate threads at the same time; one model must
 * be used by one thread at a time. {@link dev.micrograd.nn.Dataset}s are immutable and may be shared.
 *
 * <p>Errors: a null argument throws {@link java.lang.NullPointerException} naming it; a wrong
 * size or count throws {@link java.lang.IllegalArgumentException} saying what was expected and
 * what was found; a bad model file throws {@link dev.micrograd.nn.ModelFileException} naming the
 * file and line. A call that throws leaves the objects it was given as they were.
 */
package dev.micrograd.nn;
