package dev.micrograd.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class DatasetProperties {
    /** Row i is (i, -i/2) with label i: every sample can be recognised. */
    static Dataset numbered(int n) {
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = new double[] {i, -i / 2.0};
            y[i] = i;
        }
        return Dataset.of(x, y);
    }

    @Property(tries = 300)
    void aBatchHoldsDistinctSamplesOfTheDataset(@ForAll @IntRange(min = 1, max = 200) int n,
                                                @ForAll @IntRange(min = 1, max = 200) int size,
                                                @ForAll long seed) {
        int batchSize = 1 + (size - 1) % n;
        Dataset data = numbered(n);
        Dataset batch = data.batch(batchSize, new SplittableRandom(seed));
        assertEquals(batchSize, batch.size());
        Set<Double> seen = new HashSet<>();
        for (int k = 0; k < batch.size(); k++) {
            double label = batch.y(k);
            int i = (int) label;
            assertTrue(i >= 0 && i < n);
            assertArrayEquals(data.x(i), batch.x(k), "features travel with their label");
            assertTrue(seen.add(label), "sample " + i + " drawn twice");
        }
        assertArrayEquals(batch.xs(), data.batch(batchSize, new SplittableRandom(seed)).xs(), "the same seed, the same batch");
    }

    @Property(tries = 100)
    void generatorsGiveTheRequestedSizeAndLabels(@ForAll @IntRange(min = 2, max = 300) int n, @ForAll long seed) {
        for (Dataset d : new Dataset[] {Datasets.moons(n, 0.1, new SplittableRandom(seed)),
            Datasets.circles(n, 0.1, 0.5, new SplittableRandom(seed)), Datasets.blobs(n, 1.0, new SplittableRandom(seed))}) {
            assertEquals(n, d.size());
            assertEquals(2, d.features());
            int positives = 0;
            for (double y : d.ys()) {
                assertTrue(y == 1.0 || y == -1.0);
                positives += y > 0 ? 1 : 0;
            }
            assertTrue(positives == n / 2 || positives == n - n / 2);
        }
    }
}
