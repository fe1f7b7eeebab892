package dev.micrograd.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DatasetsTest {
    @Test
    void linspaceIsNumpys() {
        assertArrayEquals(new double[] {0.0, Math.PI / 2, Math.PI}, Datasets.linspace(0, Math.PI, 3, true));
        assertArrayEquals(new double[] {0.0}, Datasets.linspace(0, Math.PI, 1, true));
        assertArrayEquals(new double[] {0.0, Math.PI}, Datasets.linspace(0, 2 * Math.PI, 2, false));
        assertEquals(0, Datasets.linspace(0, 1, 0, true).length);
    }

    @Test
    void noiselessMoonsLieOnScikitLearnsHalfCircles() {
        Dataset d = Datasets.moons(101, 0.0, new SplittableRandom(1));
        int outer = 0;
        int inner = 0;
        for (int i = 0; i < d.size(); i++) {
            double[] p = d.x(i);
            if (d.y(i) < 0) {
                outer++;
                assertEquals(1.0, Math.hypot(p[0], p[1]), 1e-12);       // (cos t, sin t)
                assertTrue(p[1] >= 0);
            } else {
                inner++;
                assertEquals(1.0, Math.hypot(1 - p[0], 0.5 - p[1]), 1e-12);   // (1 - cos t, 1 - sin t - 0.5)
                assertTrue(p[1] <= 0.5);
                assertEquals(1.0, d.y(i));
            }
        }
        assertEquals(50, outer);   // n // 2, as scikit-learn
        assertEquals(51, inner);   // the odd sample goes to the inner moon, as scikit-learn
        // the ends of the half circles (t = 0 and t = pi) are there exactly
        assertTrue(Arrays.stream(d.xs()).anyMatch(p -> p[0] == 1.0 && p[1] == 0.0));
        assertTrue(Arrays.stream(d.xs()).anyMatch(p -> p[0] == 0.0 && p[1] == 0.5));
    }

    @Test
    void noisyMoonsStayNearTheirCircles() {
        Dataset d = Datasets.moons(100, 0.1, new SplittableRandom(1337));
        double sumSq = 0;
        for (int i = 0; i < d.size(); i++) {
            double[] p = d.x(i);
            double r = d.y(i) < 0 ? Math.hypot(p[0], p[1]) : Math.hypot(1 - p[0], 0.5 - p[1]);
            sumSq += (r - 1) * (r - 1);
        }
        double rms = Math.sqrt(sumSq / d.size());
        assertTrue(rms > 0.03 && rms < 0.3, "rms radial deviation " + rms);
    }

    @Test
    void circlesAndBlobsHaveTheirGeometry() {
        Dataset c = Datasets.circles(20, 0.0, 0.5, new SplittableRandom(1));
        for (int i = 0; i < c.size(); i++) {
            double r = Math.hypot(c.x(i)[0], c.x(i)[1]);
            assertEquals(c.y(i) < 0 ? 1.0 : 0.5, r, 1e-12);
        }
        Dataset b = Datasets.blobs(21, 0.0, new SplittableRandom(1));
        int negatives = 0;
        for (int i = 0; i < b.size(); i++) {
            double expected = b.y(i) < 0 ? -2.0 : 2.0;
            assertArrayEquals(new double[] {expected, expected}, b.x(i));
            negatives += b.y(i) < 0 ? 1 : 0;
        }
        assertEquals(11, negatives);
    }

    @Test
    void theSameSeedGivesBitIdenticalData() {
        assertArrayEquals(Datasets.moons(100, 0.1, new SplittableRandom(9)).xs(),
                Datasets.moons(100, 0.1, new SplittableRandom(9)).xs());
        assertArrayEquals(Datasets.circles(100, 0.1, 0.3, new SplittableRandom(9)).xs(),
                Datasets.circles(100, 0.1, 0.3, new SplittableRandom(9)).xs());
        assertArrayEquals(Datasets.blobs(100, 1.0, new SplittableRandom(9)).ys(),
                Datasets.blobs(100, 1.0, new SplittableRandom(9)).ys());
    }

    @Test
    void noiselessSpiralArmsAreCs231nsFormula() {
        // CS231n: r = linspace(0, 1, N), t = linspace(4j, 4(j+1), N), x = (r sin t, r cos t), label j
        int n = 50;
        Dataset d = Datasets.spiral(n, 3, 0.0, new SplittableRandom(1));
        assertEquals(150, d.size());
        assertEquals(3, d.classes());
        int[] labels = d.classLabels();
        for (int j = 0; j < 3; j++) {
            for (int i = 0; i < n; i++) {
                int row = j * n + i;
                double r = (double) i / (n - 1);
                double t = 4.0 * j + 4.0 * i / (n - 1);
                assertEquals(j, labels[row]);
                assertEquals(j, d.y(row));
                assertEquals(r * Math.sin(t), d.x(row)[0], 1e-14, "row " + row);
                assertEquals(r * Math.cos(t), d.x(row)[1], 1e-14, "row " + row);
            }
        }
    }

    @Test
    void spiralShape_radiusGrowsAlongEachArmAndNoiseOnlyTurnsPoints() {
        Dataset noisy = Datasets.spiral(100, 5, 0.2, new SplittableRandom(7));
        Dataset clean = Datasets.spiral(100, 5, 0.0, new SplittableRandom(7));
        int[] counts = new int[5];
        for (int row = 0; row < noisy.size(); row++) {
            double[] p = noisy.x(row);
            double[] q = clean.x(row);
            double r = Math.hypot(p[0], p[1]);
            // the noise is on the angle: the radius is the arm's, point by point
            assertEquals(Math.hypot(q[0], q[1]), r, 1e-15);
            assertTrue(r <= 1.0 + 1e-15, "inside the unit disc");
            if (row % 100 > 0) {
                assertTrue(r > Math.hypot(noisy.x(row - 1)[0], noisy.x(row - 1)[1]), "radius grows along the arm");
            }
            counts[(int) noisy.y(row)]++;
        }
        assertArrayEquals(new int[] {100, 100, 100, 100, 100}, counts);
        assertArrayEquals(noisy.xs(), Datasets.spiral(100, 5, 0.2, new SplittableRandom(7)).xs(), "the same seed");
        assertTrue(!Arrays.deepEquals(noisy.xs(), Datasets.spiral(100, 5, 0.2, new SplittableRandom(8)).xs()));
    }

    @Test
    void spiralRejectsBadArguments() {
        SplittableRandom rng = new SplittableRandom(1);
        assertEquals("expected at least 2 points per class, found 1",
                assertThrows(IllegalArgumentException.class, () -> Datasets.spiral(1, 3, 0.2, rng)).getMessage());
        assertEquals("expected at least 2 classes, found 1",
                assertThrows(IllegalArgumentException.class, () -> Datasets.spiral(10, 1, 0.2, rng)).getMessage());
        assertEquals("expected noise finite and at least 0, found NaN",
                assertThrows(IllegalArgumentException.class, () -> Datasets.spiral(10, 3, Double.NaN, rng)).getMessage());
        assertEquals("rng", assertThrows(NullPointerException.class, () -> Datasets.spiral(10, 3, 0.2, null)).getMessage());
    }

    @Test
    void knownAnswer_firstMoonsSampleForSeed1337() {
        // Pinned so that a change of the generator's use shows up: the same seed must give the same
        // numbers on every JVM (SplittableRandom's algorithm is specified).
        Dataset d = Datasets.moons(100, 0.1, new SplittableRandom(1337));
        assertEquals(PINNED_X0, Arrays.toString(d.x(0)) + " " + d.y(0));
    }

    static final String PINNED_X0 = "[0.062282307826013295, 1.0850038930996992] -1.0";

    @Test
    void badArgumentsAreRejected() {
        SplittableRandom rng = new SplittableRandom(1);
        assertEquals("expected at least 2 samples (one per class), found n = 1",
                assertThrows(IllegalArgumentException.class, () -> Datasets.moons(1, 0.1, rng)).getMessage());
        assertEquals("expected noise finite and at least 0, found -0.1",
                assertThrows(IllegalArgumentException.class, () -> Datasets.moons(10, -0.1, rng)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Datasets.moons(10, Double.NaN, rng));
        assertThrows(IllegalArgumentException.class, () -> Datasets.circles(10, 0.1, 1.0, rng));
        assertEquals("expected factor in [0, 1), found NaN",
                assertThrows(IllegalArgumentException.class, () -> Datasets.circles(10, 0.1, Double.NaN, rng)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Datasets.blobs(0, 1, rng));
        assertThrows(IllegalArgumentException.class, () -> Datasets.blobs(10, Double.POSITIVE_INFINITY, rng));
        assertEquals("rng", assertThrows(NullPointerException.class, () -> Datasets.moons(10, 0.1, null)).getMessage());
    }

    @Test
    void everyGeneratorChecksItsArgumentsWithItsOwnMessage() {
        SplittableRandom rng = new SplittableRandom(1);
        // n = 1 and a negative spread would otherwise make a valid dataset; infinity an invalid one
        // whose message would name a feature instead of the argument
        assertEquals("expected at least 2 samples (one per class), found n = 1",
                assertThrows(IllegalArgumentException.class, () -> Datasets.circles(1, 0.1, 0.5, rng)).getMessage());
        assertEquals("expected noise finite and at least 0, found -0.1",
                assertThrows(IllegalArgumentException.class, () -> Datasets.circles(10, -0.1, 0.5, rng)).getMessage());
        assertEquals("expected at least 2 samples (one per class), found n = 1",
                assertThrows(IllegalArgumentException.class, () -> Datasets.blobs(1, 1.0, rng)).getMessage());
        assertEquals("expected std finite and at least 0, found -1.0",
                assertThrows(IllegalArgumentException.class, () -> Datasets.blobs(10, -1.0, rng)).getMessage());
        assertEquals("expected std finite and at least 0, found Infinity",
                assertThrows(IllegalArgumentException.class,
                        () -> Datasets.blobs(10, Double.POSITIVE_INFINITY, rng)).getMessage());
    }

    @Test
    void theSmallestArgumentsAllowedAreAccepted() {
        SplittableRandom rng = new SplittableRandom(1);
        // factor 0: the inner circle collapses onto the origin
        Dataset c = Datasets.circles(10, 0.0, 0.0, rng);
        for (int i = 0; i < c.size(); i++) {
            if (c.y(i) > 0) {
                assertEquals(0.0, Math.hypot(c.x(i)[0], c.x(i)[1]));
            }
        }
        // two points per arm (its two ends), two classes
        Dataset s = Datasets.spiral(2, 2, 0.0, rng);
        assertEquals(4, s.size());
        assertEquals(2, s.classes());
        assertArrayEquals(new double[] {0.0, 0.0}, s.x(0));
        assertArrayEquals(new double[] {StrictMath.sin(4.0), StrictMath.cos(4.0)}, s.x(1));
    }

    @Test
    void spiralRejectsMorePointsThanAnArrayHolds() {
        // 2^30 x 2 = 2^31 would overflow int: the check must come before the arrays
        assertEquals("expected at most 2147483639 points in all, found 1073741824 x 2",
                assertThrows(IllegalArgumentException.class,
                        () -> Datasets.spiral(1 << 30, 2, 0.0, new SplittableRandom(1))).getMessage());
    }

    @Test
    void blobPointsAreCentrePlusStdTimesTheGeneratorsGaussians() {
        // the contract: coordinates drawn blob by blob, row by row, as centre + std * nextGaussian(),
        // then the rows shuffled; so the multiset of rows is the one a copy of the generator predicts
        int n = 21;
        double std = 0.7;
        Dataset b = Datasets.blobs(n, std, new SplittableRandom(5));
        SplittableRandom copy = new SplittableRandom(5);
        String[] expected = new String[n];
        for (int i = 0; i < n; i++) {
            double c = i < n - n / 2 ? -2.0 : 2.0;
            double a = c + std * copy.nextGaussian();
            double d = c + std * copy.nextGaussian();
            expected[i] = a + " " + d + " " + (c < 0 ? -1.0 : 1.0);
        }
        String[] found = new String[n];
        for (int i = 0; i < n; i++) {
            found[i] = b.x(i)[0] + " " + b.x(i)[1] + " " + b.y(i);
        }
        Arrays.sort(expected);
        Arrays.sort(found);
        assertArrayEquals(expected, found);
    }

    @Test
    void blobRowsAreShuffled() {
        // drawn negatives first; after the shuffle the labels are no longer in that order
        Dataset b = Datasets.blobs(40, 0.5, new SplittableRandom(1));
        double[] drawnOrder = b.ys();
        Arrays.sort(drawnOrder);
        assertTrue(!Arrays.equals(drawnOrder, b.ys()), "labels still in the order drawn");
    }

    @Test
    void noisySpiralAnglesAreTheArmsPlusNoiseTimesTheGeneratorsGaussians() {
        // CS231n: t = linspace(4j, 4(j+1), N) + noise * randn, drawn class by class, point by point
        int n = 20;
        double noise = 0.2;
        Dataset d = Datasets.spiral(n, 3, noise, new SplittableRandom(11));
        SplittableRandom copy = new SplittableRandom(11);
        for (int j = 0; j < 3; j++) {
            double[] t = Datasets.linspace(4.0 * j, 4.0 * (j + 1), n, true);
            double[] r = Datasets.linspace(0.0, 1.0, n, true);
            for (int i = 0; i < n; i++) {
                double angle = t[i] + noise * copy.nextGaussian();
                assertArrayEquals(new double[] {r[i] * StrictMath.sin(angle), r[i] * StrictMath.cos(angle)},
                        d.x(j * n + i), "row " + (j * n + i));
            }
        }
    }
}
