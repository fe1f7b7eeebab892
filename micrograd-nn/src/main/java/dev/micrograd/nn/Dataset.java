package dev.micrograd.nn;

import dev.micrograd.engine.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Labelled samples for training: {@code n} rows of {@code features} numbers, each with one label.
 *
 * <pre>{@code
 * Dataset data = Datasets.moons(100, 0.1, new SplittableRandom(1337));
 * List<Value> x0 = data.inputs(0);           // fresh leaves for sample 0
 * double y0 = data.y(0);                      // its label, -1 or +1
 * Dataset batch = data.batch(32, rng);        // the demo's np.random.permutation(n)[:32]
 *
 * Dataset spiral = Datasets.spiral(100, 3, 0.2, new SplittableRandom(1));
 * int k = spiral.classes();                   // 3: labels are the classes 0, 1, 2
 * int[] labels = spiral.classLabels();        // the same labels as int, for Losses.crossEntropy
 * }</pre>
 *
 * <p>Two kinds of label: numbers ({@link #of}: the two-class data's {@code -1}/{@code +1}, or
 * regression targets), for which {@link #classes()} is 0; or classes ({@link #ofClasses}): each
 * label one of {@code 0 … K-1}, {@link #classes()} is K, and {@link #y(int)} gives the class as an
 * exact {@code double}. Subsets and batches keep the kind and K.
 *
 * <p>Immutable: {@link #of} copies its arrays and every accessor returns a copy, so a dataset is
 * safe to share between threads. Every number is finite (NaN and infinities are rejected), there is
 * at least one sample and at least one feature, and every row has the same number of features.
 */
public final class Dataset {
    private final double[][] x;
    private final double[] y;
    /** K for a dataset of classes, 0 for labels that are numbers. */
    private final int classes;

    private Dataset(double[][] x, double[] y, int classes) {
        this.x = x;
        this.y = y;
        this.classes = classes;
    }

    /**
     * A dataset of copies of {@code x} (one row per sample) and {@code y} (one label per sample).
     *
     * @param x the samples' features: at least one row, every row of the same length (at least 1)
     * @param y the labels, one per row
     * @return a new dataset
     * @throws NullPointerException if {@code x}, a row of it, or {@code y} is null
     * @throws IllegalArgumentException if {@code x} is empty, ragged or has empty rows, if the
     *         lengths differ, or if a number is NaN or infinite (the message names the first one)
     */
    public static Dataset of(double[][] x, double[] y) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (x.length == 0) {
            throw new IllegalArgumentException("a dataset needs at least one sample, found 0 rows");
        }
        if (y.length != x.length) {
            throw new IllegalArgumentException(
                    "expected one label per row: " + x.length + " rows, found " + y.length + " labels");
        }
        double[][] xs = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            if (x[i] == null) {
                throw new NullPointerException("x[" + i + "] is null");
            }
            xs[i] = x[i].clone();
        }
        int features = xs[0].length;
        if (features == 0) {
            throw new IllegalArgumentException("a sample needs at least one feature, found x[0] of length 0");
        }
        for (int i = 0; i < xs.length; i++) {
            if (xs[i].length != features) {
                throw new IllegalArgumentException("expected every row to have " + features
                        + " features (as x[0]), found x[" + i + "] of length " + xs[i].length);
            }
            for (int j = 0; j < features; j++) {
                if (!Double.isFinite(xs[i][j])) {
                    throw new IllegalArgumentException(
                            "expected finite features, found x[" + i + "][" + j + "] = " + xs[i][j]);
                }
            }
        }
        double[] ys = y.clone();
        for (int i = 0; i < ys.length; i++) {
            if (!Double.isFinite(ys[i])) {
                throw new IllegalArgumentException("expected finite labels, found y[" + i + "] = " + ys[i]);
            }
        }
        return new Dataset(xs, ys, 0);
    }

    /**
     * A dataset of copies of {@code x} whose labels are classes {@code 0 … classes-1}, for a model
     * with one output per class ({@link Losses#crossEntropy(List, int[])}).
     *
     * @param x the samples' features, as {@link #of}
     * @param labels each row's class, in {@code [0, classes)}
     * @param classes the number of classes K, at least 2
     * @return a new dataset whose {@link #classes()} is {@code classes}
     * @throws NullPointerException if {@code x}, a row of it, or {@code labels} is null
     * @throws IllegalArgumentException as {@link #of}, or if {@code classes < 2} or a label is
     *         outside {@code [0, classes)} (the message names the first one)
     */
    public static Dataset ofClasses(double[][] x, int[] labels, int classes) {
        Objects.requireNonNull(labels, "labels");
        if (classes < 2) {
            throw new IllegalArgumentException("expected at least 2 classes, found " + classes);
        }
        double[] ys = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("expected labels in [0, " + classes + ") (" + classes
                        + " classes), found labels[" + i + "] = " + labels[i]);
            }
            ys[i] = labels[i];
        }
        Dataset numbers = of(x, ys);
        return new Dataset(numbers.x, numbers.y, classes);
    }

    /**
     * The number of samples.
     *
     * @return at least 1
     */
    public int size() {
        return x.length;
    }

    /**
     * The number of features of each sample.
     *
     * @return at least 1
     */
    public int features() {
        return x[0].length;
    }

    /**
     * The number of classes: K for a dataset made by {@link #ofClasses}, 0 for one whose labels are
     * numbers ({@link #of}).
     *
     * @return K (at least 2), or 0
     */
    public int classes() {
        return classes;
    }

    /**
     * Every label as a class, {@code classLabels()[i] == (int) y(i)}: the targets of
     * {@link Losses#crossEntropy(List, int[])} and {@link Losses#accuracy(List, int[])}.
     *
     * @return a new array of {@code size()} classes, each in {@code [0, classes())}
     * @throws IllegalStateException if the labels are numbers ({@code classes() == 0})
     */
    public int[] classLabels() {
        if (classes == 0) {
            throw new IllegalStateException(
                    "expected a dataset of classes (Dataset.ofClasses), found one whose labels are numbers");
        }
        int[] labels = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            labels[i] = (int) y[i];
        }
        return labels;
    }

    /**
     * Sample {@code i}'s features.
     *
     * @param i the index, in {@code [0, size())}
     * @return a copy
     * @throws IndexOutOfBoundsException naming the index and the size if {@code i} is out of range
     */
    public double[] x(int i) {
        return x[index(i)].clone();
    }

    /**
     * Sample {@code i}'s label.
     *
     * @param i the index, in {@code [0, size())}
     * @return the label (for a dataset of classes, the class as a whole number)
     * @throws IndexOutOfBoundsException naming the index and the size if {@code i} is out of range
     */
    public double y(int i) {
        return y[index(i)];
    }

    /**
     * Every sample's features.
     *
     * @return a deep copy, {@code size()} rows of {@code features()} numbers
     */
    public double[][] xs() {
        double[][] copy = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            copy[i] = x[i].clone();
        }
        return copy;
    }

    /**
     * Every label.
     *
     * @return a copy, {@code size()} numbers
     */
    public double[] ys() {
        return y.clone();
    }

    /**
     * Sample {@code i}'s features as fresh leaves, ready for {@link MLP#forward(List)}: the demo's
     * {@code list(map(Value, xrow))}.
     *
     * @param i the index, in {@code [0, size())}
     * @return a new list of {@code features()} new leaves
     * @throws IndexOutOfBoundsException naming the index and the size if {@code i} is out of range
     */
    public List<Value> inputs(int i) {
        double[] row = x[index(i)];
        List<Value> leaves = new ArrayList<>(row.length);
        for (double v : row) {
            leaves.add(Value.of(v));
        }
        return leaves;
    }

    /**
     * A random mini-batch: {@code batchSize} distinct samples drawn without replacement, in the
     * order drawn, as the demo's {@code np.random.permutation(n)[:batch_size]}. The indices come
     * from a partial Fisher–Yates shuffle of {@code 0 … size()-1} that calls
     * {@code rng.nextInt(size() - k)} for {@code k = 0 … batchSize-1}, so the same generator state
     * gives the same batch.
     *
     * @param batchSize the number of samples, in {@code [1, size()]}
     * @param rng the source of randomness
     * @return a new dataset of {@code batchSize} samples
     * @throws IllegalArgumentException if {@code batchSize} is out of range
     * @throws NullPointerException if {@code rng} is null
     */
    public Dataset batch(int batchSize, RandomGenerator rng) {
        int[] indices = batchIndices(batchSize, rng);
        return subset(indices);
    }

    /**
     * The samples at {@code indices}, in that order (an index may repeat).
     *
     * @param indices the indices, each in {@code [0, size())}; at least one
     * @return a new dataset of the same kind (and the same {@link #classes()})
     * @throws NullPointerException if {@code indices} is null
     * @throws IllegalArgumentException if {@code indices} is empty
     * @throws IndexOutOfBoundsException naming the index and the size if one is out of range
     */
    public Dataset subset(int... indices) {
        Objects.requireNonNull(indices, "indices");
        if (indices.length == 0) {
            throw new IllegalArgumentException("a subset needs at least one index, found 0");
        }
        double[][] xs = new double[indices.length][];
        double[] ys = new double[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = index(indices[k]);
            xs[k] = x[i].clone();
            ys[k] = y[i];
        }
        return new Dataset(xs, ys, classes);
    }

    /** The indices {@link #batch} selects; package-private so the trainer can reuse the leaves of a compiled graph. */
    int[] batchIndices(int batchSize, RandomGenerator rng) {
        Objects.requireNonNull(rng, "rng");
        int n = x.length;
        if (batchSize < 1 || batchSize > n) {
            throw new IllegalArgumentException(
                    "expected a batch size in [1, " + n + "] (the dataset's size), found " + batchSize);
        }
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int k = 0; k < batchSize; k++) {
            int j = k + rng.nextInt(n - k);
            int t = perm[k];
            perm[k] = perm[j];
            perm[j] = t;
        }
        int[] out = new int[batchSize];
        System.arraycopy(perm, 0, out, 0, batchSize);
        return out;
    }

    private int index(int i) {
        if (i < 0 || i >= x.length) {
            throw new IndexOutOfBoundsException("sample index " + i + " out of range [0, " + x.length + ")");
        }
        return i;
    }

    /** {@code Dataset(size=100, features=2)}, or {@code Dataset(size=300, features=2, classes=3)}. */
    @Override
    public String toString() {
        return "Dataset(size=" + x.length + ", features=" + x[0].length
                + (classes == 0 ? "" : ", classes=" + classes) + ")";
    }
}
