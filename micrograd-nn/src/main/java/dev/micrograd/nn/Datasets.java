package dev.micrograd.nn;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Small datasets, seeded and reproducible: two-class ones with labels {@code -1} and {@code +1}
 * (the convention of the demo's max-margin loss; see {@link Losses}), and CS231n's
 * {@link #spiral} of K classes labelled {@code 0 … K-1}.
 *
 * <pre>{@code
 * Dataset moons = Datasets.moons(100, 0.1, new SplittableRandom(1337));   // micrograd's demo data
 * Dataset tiny = Datasets.lecture();                                       // the lecture's four examples
 * Dataset arms = Datasets.spiral(100, 3, 0.2, new SplittableRandom(1));     // CS231n's 3 spiral arms
 * }</pre>
 *
 * <p>The two-class generators follow scikit-learn's geometry and order of work (points laid out,
 * then shuffled, then noise added), the spiral CS231n's; all with Java's generator in place of NumPy's, so the same seed gives
 * the same dataset to the last bit on every JVM (the geometry uses {@link StrictMath}), but not
 * the numbers scikit-learn would draw. Every generator draws from {@code rng} only; the same
 * generator state gives the same dataset.
 */
public final class Datasets {
    private Datasets() {
    }

    /**
     * Two interleaving half circles, scikit-learn's {@code make_moons(n, noise=noise)} with labels
     * {@code 2y - 1}. The outer moon ({@code n / 2} points, label {@code -1}, scikit-learn's 0) is
     * {@code (cos t, sin t)}; the inner moon ({@code n - n / 2} points, so the odd point when
     * {@code n} is odd, as scikit-learn; label {@code +1}) is {@code (1 - cos t, 1 - sin t - 0.5)};
     * in each, {@code t} runs evenly over {@code [0, π]} ({@code numpy.linspace}, both ends
     * included). The rows are then shuffled (Fisher–Yates from the last row, {@code rng.nextInt}),
     * and, when {@code noise > 0}, Gaussian noise of standard deviation {@code noise} is added to
     * every coordinate, row by row ({@code rng.nextGaussian()}). With {@code noise = 0} no noise is
     * drawn.
     *
     * @param n the number of samples, at least 2
     * @param noise the noise's standard deviation, finite and at least 0 (the demo's is 0.1)
     * @param rng the source of randomness
     * @return a new dataset of {@code n} samples with 2 features
     * @throws IllegalArgumentException if {@code n < 2} or {@code noise} is negative, NaN or infinite
     * @throws NullPointerException if {@code rng} is null
     */
    public static Dataset moons(int n, double noise, RandomGenerator rng) {
        checkCount(n);
        checkSpread(noise, "noise");
        Objects.requireNonNull(rng, "rng");
        int out = n / 2;
        int in = n - out;
        double[][] x = new double[n][];
        double[] y = new double[n];
        double[] tOut = linspace(0.0, Math.PI, out, true);
        double[] tIn = linspace(0.0, Math.PI, in, true);
        for (int i = 0; i < out; i++) {
            x[i] = new double[] {StrictMath.cos(tOut[i]), StrictMath.sin(tOut[i])};
            y[i] = -1.0;
        }
        for (int i = 0; i < in; i++) {
            x[out + i] = new double[] {1.0 - StrictMath.cos(tIn[i]), 1.0 - StrictMath.sin(tIn[i]) - 0.5};
            y[out + i] = 1.0;
        }
        shuffle(x, y, rng);
        addNoise(x, noise, rng);
        return Dataset.of(x, y);
    }

    /**
     * A large circle around a smaller one, scikit-learn's {@code make_circles(n, noise=noise,
     * factor=factor)} with labels {@code 2y - 1}: the outer circle ({@code n / 2} points, label
     * {@code -1}) is {@code (cos t, sin t)}, the inner one ({@code n - n / 2} points, label
     * {@code +1}) is {@code factor · (cos t, sin t)}, {@code t} evenly spaced over {@code [0, 2π)}
     * (the end excluded); then shuffled and noised as {@link #moons}.
     *
     * @param n the number of samples, at least 2
     * @param noise the noise's standard deviation, finite and at least 0
     * @param factor the inner circle's radius relative to the outer one, in {@code [0, 1)}
     * @param rng the source of randomness
     * @return a new dataset of {@code n} samples with 2 features
     * @throws IllegalArgumentException if {@code n < 2}, {@code noise} is negative or not finite,
     *         or {@code factor} is outside {@code [0, 1)}
     * @throws NullPointerException if {@code rng} is null
     */
    public static Dataset circles(int n, double noise, double factor, RandomGenerator rng) {
        checkCount(n);
        checkSpread(noise, "noise");
        if (!(factor >= 0.0 && factor < 1.0)) {
            throw new IllegalArgumentException("expected factor in [0, 1), found " + factor);
        }
        Objects.requireNonNull(rng, "rng");
        int out = n / 2;
        int in = n - out;
        double[][] x = new double[n][];
        double[] y = new double[n];
        double[] tOut = linspace(0.0, 2.0 * Math.PI, out, false);
        double[] tIn = linspace(0.0, 2.0 * Math.PI, in, false);
        for (int i = 0; i < out; i++) {
            x[i] = new double[] {StrictMath.cos(tOut[i]), StrictMath.sin(tOut[i])};
            y[i] = -1.0;
        }
        for (int i = 0; i < in; i++) {
            x[out + i] = new double[] {StrictMath.cos(tIn[i]) * factor, StrictMath.sin(tIn[i]) * factor};
            y[out + i] = 1.0;
        }
        shuffle(x, y, rng);
        addNoise(x, noise, rng);
        return Dataset.of(x, y);
    }

    /** The centre of the blob labelled {@code -1}. */
    private static final double[] NEGATIVE_CENTER = {-2.0, -2.0};
    /** The centre of the blob labelled {@code +1}. */
    private static final double[] POSITIVE_CENTER = {2.0, 2.0};

    /**
     * Two Gaussian blobs, as scikit-learn's {@code make_blobs} with two centres: {@code n - n / 2}
     * points around {@code (-2, -2)} labelled {@code -1} (the first centre takes the odd point, as
     * scikit-learn), and {@code n / 2} around {@code (2, 2)} labelled {@code +1}; each coordinate is
     * {@code centre + std · rng.nextGaussian()}, drawn blob by blob and row by row; then the rows
     * are shuffled as in {@link #moons}. With {@code std = 0} every point sits on its centre.
     *
     * @param n the number of samples, at least 2
     * @param std each blob's standard deviation, finite and at least 0
     * @param rng the source of randomness
     * @return a new dataset of {@code n} samples with 2 features
     * @throws IllegalArgumentException if {@code n < 2} or {@code std} is negative or not finite
     * @throws NullPointerException if {@code rng} is null
     */
    public static Dataset blobs(int n, double std, RandomGenerator rng) {
        checkCount(n);
        checkSpread(std, "std");
        Objects.requireNonNull(rng, "rng");
        int negatives = n - n / 2;
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            boolean negative = i < negatives;
            double[] c = negative ? NEGATIVE_CENTER : POSITIVE_CENTER;
            double a = c[0] + std * rng.nextGaussian();
            double b = c[1] + std * rng.nextGaussian();
            x[i] = new double[] {a, b};
            y[i] = negative ? -1.0 : 1.0;
        }
        shuffle(x, y, rng);
        return Dataset.of(x, y);
    }

    /**
     * CS231n's spiral ("Neural Networks Case Study", cs231n.github.io/neural-networks-case-study):
     * {@code classes} arms of {@code pointsPerClass} points each, winding out from the origin. For
     * class {@code j}, point {@code i} has radius {@code rᵢ = linspace(0, 1, N)ᵢ} and angle
     * {@code tᵢ = linspace(4j, 4(j+1), N)ᵢ + noise · rng.nextGaussian()}, and sits at
     * {@code (r sin t, r cos t)} with label {@code j}: the course's
     * {@code np.c_[r*np.sin(t), r*np.cos(t)]}, with its noise 0.2 and K = 3 as defaults worth
     * using. Each arm sweeps 4 radians, so the points lie in the unit disc and the first of each
     * arm at the origin. The rows stay in the course's order (class by class, radius growing);
     * the noise is drawn class by class, point by point, and none is drawn when {@code noise = 0}.
     *
     * @param pointsPerClass N, at least 2 (so an arm has both ends)
     * @param classes K, at least 2
     * @param noise the angle noise's standard deviation in radians, finite and at least 0
     * @param rng the source of randomness
     * @return a new dataset of {@code N·K} samples with 2 features and {@link Dataset#classes()} K
     * @throws IllegalArgumentException if a count is below 2 or {@code noise} is negative or not finite
     * @throws NullPointerException if {@code rng} is null
     */
    public static Dataset spiral(int pointsPerClass, int classes, double noise, RandomGenerator rng) {
        if (pointsPerClass < 2) {
            throw new IllegalArgumentException("expected at least 2 points per class, found " + pointsPerClass);
        }
        if (classes < 2) {
            throw new IllegalArgumentException("expected at least 2 classes, found " + classes);
        }
        checkSpread(noise, "noise");
        Objects.requireNonNull(rng, "rng");
        if ((long) pointsPerClass * classes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("expected at most " + (Integer.MAX_VALUE - 8) + " points in all, found "
                    + pointsPerClass + " x " + classes);
        }
        int n = pointsPerClass * classes;
        double[][] x = new double[n][];
        int[] labels = new int[n];
        double[] r = linspace(0.0, 1.0, pointsPerClass, true);
        for (int j = 0; j < classes; j++) {
            double[] t = linspace(4.0 * j, 4.0 * (j + 1), pointsPerClass, true);
            for (int i = 0; i < pointsPerClass; i++) {
                double angle = noise == 0.0 ? t[i] : t[i] + noise * rng.nextGaussian();
                int row = j * pointsPerClass + i;
                x[row] = new double[] {r[i] * StrictMath.sin(angle), r[i] * StrictMath.cos(angle)};
                labels[row] = j;
            }
        }
        return Dataset.ofClasses(x, labels, classes);
    }

    /**
     * The lecture's four examples (at 1:51:04):
     * {@code xs = [[2, 3, -1], [3, -1, 0.5], [0.5, 1, 1], [1, 1, -1]]},
     * {@code ys = [1, -1, -1, 1]}.
     *
     * @return a new dataset of 4 samples with 3 features
     */
    public static Dataset lecture() {
        return Dataset.of(
                new double[][] {{2.0, 3.0, -1.0}, {3.0, -1.0, 0.5}, {0.5, 1.0, 1.0}, {1.0, 1.0, -1.0}},
                new double[] {1.0, -1.0, -1.0, 1.0});
    }

    /** {@code numpy.linspace(start, stop, count, endpoint)}, with numpy's arithmetic. */
    static double[] linspace(double start, double stop, int count, boolean endpoint) {
        double[] out = new double[count];
        if (count == 0) {
            return out;
        }
        int div = endpoint ? count - 1 : count;
        if (div == 0) {
            out[0] = start;
            return out;
        }
        double step = (stop - start) / div;
        for (int i = 0; i < count; i++) {
            out[i] = i * step + start;
        }
        if (endpoint) {
            out[count - 1] = stop;
        }
        return out;
    }

    private static void shuffle(double[][] x, double[] y, RandomGenerator rng) {
        for (int i = x.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            double[] r = x[i];
            x[i] = x[j];
            x[j] = r;
            double l = y[i];
            y[i] = y[j];
            y[j] = l;
        }
    }

    private static void addNoise(double[][] x, double noise, RandomGenerator rng) {
        if (noise == 0.0) {
            return;
        }
        for (double[] row : x) {
            for (int j = 0; j < row.length; j++) {
                row[j] += noise * rng.nextGaussian();
            }
        }
    }

    private static void checkCount(int n) {
        if (n < 2) {
            throw new IllegalArgumentException("expected at least 2 samples (one per class), found n = " + n);
        }
    }

    private static void checkSpread(double s, String name) {
        if (!(s >= 0.0) || Double.isInfinite(s)) {
            throw new IllegalArgumentException("expected " + name + " finite and at least 0, found " + s);
        }
    }
}
