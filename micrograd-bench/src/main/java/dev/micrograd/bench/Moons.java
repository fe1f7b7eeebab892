package dev.micrograd.bench;

import java.util.SplittableRandom;

/**
 * scikit-learn's {@code make_moons(n, noise=0.1)} as micrograd's demo uses it, generated here so the
 * benchmark needs nothing but a seed: the outer moon {@code (cos t, sin t)} labelled -1, the inner moon
 * {@code (1 - cos t, 1 - sin t - 0.5)} labelled +1, {@code t} evenly spaced in [0, π], Gaussian noise
 * 0.1 on both coordinates. Not shuffled: outer points first.
 */
final class Moons {
    /** Row-major points: {@code x[2i]}, {@code x[2i+1]}. */
    final double[] x;
    /** Labels, -1 or +1. */
    final double[] y;
    final int size;

    private Moons(double[] x, double[] y) {
        this.x = x;
        this.y = y;
        this.size = y.length;
    }

    static Moons generate(int n, double noise, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int outer = n / 2;
        int inner = n - outer;
        double[] x = new double[2 * n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            boolean isOuter = i < outer;
            int count = isOuter ? outer : inner;
            int k = isOuter ? i : i - outer;
            double t = count == 1 ? 0.0 : Math.PI * k / (count - 1);
            double px = isOuter ? Math.cos(t) : 1.0 - Math.cos(t);
            double py = isOuter ? Math.sin(t) : 1.0 - Math.sin(t) - 0.5;
            x[2 * i] = px + noise * rng.nextGaussian();
            x[2 * i + 1] = py + noise * rng.nextGaussian();
            y[i] = isOuter ? -1.0 : 1.0;
        }
        return new Moons(x, y);
    }

    /** micrograd's demo data: 100 points, noise 0.1. */
    static Moons demo() {
        return generate(100, 0.1, 1337L);
    }
}
