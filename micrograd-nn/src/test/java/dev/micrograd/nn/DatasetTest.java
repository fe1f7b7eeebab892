package dev.micrograd.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.micrograd.engine.Value;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DatasetTest {
    @Test
    void theLecturesFourExamples() {
        Dataset d = Datasets.lecture();
        assertEquals(4, d.size());
        assertEquals(3, d.features());
        assertArrayEquals(new double[] {3.0, -1.0, 0.5}, d.x(1));
        assertArrayEquals(new double[] {1, -1, -1, 1}, d.ys());
        assertArrayEquals(new double[][] {{2, 3, -1}, {3, -1, 0.5}, {0.5, 1, 1}, {1, 1, -1}}, d.xs());
        List<Value> in = d.inputs(0);
        assertEquals(3, in.size());
        assertEquals(2.0, in.get(0).data());
        assertTrue(in.get(0).isLeaf());
        assertEquals("Dataset(size=4, features=3)", d.toString());
    }

    @Test
    void isImmutable() {
        double[][] x = {{1, 2}, {3, 4}};
        double[] y = {1, -1};
        Dataset d = Dataset.of(x, y);
        x[0][0] = 99;
        y[0] = 99;
        d.x(0)[0] = 99;
        d.xs()[0][0] = 99;
        d.ys()[0] = 99;
        assertEquals(1.0, d.x(0)[0]);
        assertEquals(1.0, d.y(0));
        assertTrue(d.inputs(0) != d.inputs(0));
    }

    @Test
    void rejectsBadArraysSayingWhatWasExpected() {
        assertEquals("x", assertThrows(NullPointerException.class, () -> Dataset.of(null, new double[0])).getMessage());
        assertEquals("y", assertThrows(NullPointerException.class, () -> Dataset.of(new double[0][], null)).getMessage());
        assertEquals("x[1] is null", assertThrows(NullPointerException.class,
                () -> Dataset.of(new double[][] {{1}, null}, new double[2])).getMessage());
        assertEquals("a dataset needs at least one sample, found 0 rows", assertThrows(IllegalArgumentException.class,
                () -> Dataset.of(new double[0][], new double[0])).getMessage());
        assertEquals("expected one label per row: 2 rows, found 3 labels", assertThrows(IllegalArgumentException.class,
                () -> Dataset.of(new double[][] {{1}, {2}}, new double[3])).getMessage());
        assertEquals("expected every row to have 2 features (as x[0]), found x[1] of length 1",
                assertThrows(IllegalArgumentException.class,
                        () -> Dataset.of(new double[][] {{1, 2}, {2}}, new double[2])).getMessage());
        assertEquals("a sample needs at least one feature, found x[0] of length 0",
                assertThrows(IllegalArgumentException.class,
                        () -> Dataset.of(new double[][] {{}}, new double[1])).getMessage());
        assertEquals("expected finite features, found x[0][1] = NaN", assertThrows(IllegalArgumentException.class,
                () -> Dataset.of(new double[][] {{1, Double.NaN}}, new double[1])).getMessage());
        assertEquals("expected finite labels, found y[0] = Infinity", assertThrows(IllegalArgumentException.class,
                () -> Dataset.of(new double[][] {{1}}, new double[] {Double.POSITIVE_INFINITY})).getMessage());
    }

    @Test
    void aDatasetOfClassesKeepsItsClassesThroughSubsetsAndBatches() {
        Dataset d = Dataset.ofClasses(new double[][] {{0, 0}, {1, 1}, {2, 2}, {3, 3}}, new int[] {0, 2, 1, 2}, 3);
        assertEquals(3, d.classes());
        assertArrayEquals(new int[] {0, 2, 1, 2}, d.classLabels());
        assertArrayEquals(new double[] {0, 2, 1, 2}, d.ys());
        assertEquals(3, d.subset(1, 3).classes());
        assertArrayEquals(new int[] {2, 2}, d.subset(1, 3).classLabels());
        assertEquals(3, d.batch(2, new java.util.SplittableRandom(1)).classes());
        assertEquals("Dataset(size=4, features=2, classes=3)", d.toString());
        Dataset numbers = Datasets.lecture();
        assertEquals(0, numbers.classes());
        assertEquals("expected a dataset of classes (Dataset.ofClasses), found one whose labels are numbers",
                assertThrows(IllegalStateException.class, numbers::classLabels).getMessage());
        assertEquals("expected labels in [0, 3) (3 classes), found labels[1] = 3", assertThrows(IllegalArgumentException.class,
                () -> Dataset.ofClasses(new double[][] {{0}, {1}}, new int[] {0, 3}, 3)).getMessage());
        assertEquals("expected at least 2 classes, found 1", assertThrows(IllegalArgumentException.class,
                () -> Dataset.ofClasses(new double[][] {{0}}, new int[] {0}, 1)).getMessage());
        assertEquals("expected one label per row: 2 rows, found 1 labels", assertThrows(IllegalArgumentException.class,
                () -> Dataset.ofClasses(new double[][] {{0}, {1}}, new int[] {0}, 2)).getMessage());
    }

    @Test
    void indicesAreChecked() {
        Dataset d = Datasets.lecture();
        assertEquals("sample index 4 out of range [0, 4)",
                assertThrows(IndexOutOfBoundsException.class, () -> d.x(4)).getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> d.y(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> d.inputs(7));
        assertThrows(IndexOutOfBoundsException.class, () -> d.subset(0, 4));
        assertEquals("a subset needs at least one index, found 0",
                assertThrows(IllegalArgumentException.class, () -> d.subset()).getMessage());
    }

    @Test
    void batchesAreDistinctSamplesFromASeed() {
        Dataset d = Datasets.moons(50, 0.1, new SplittableRandom(1));
        Dataset b1 = d.batch(10, new SplittableRandom(3));
        Dataset b2 = d.batch(10, new SplittableRandom(3));
        assertEquals(10, b1.size());
        assertArrayEquals(b1.xs(), b2.xs());
        assertArrayEquals(b1.ys(), b2.ys());
        assertNotEquals(Arrays.deepToString(b1.xs()), Arrays.deepToString(d.batch(10, new SplittableRandom(4)).xs()));
        Dataset all = d.batch(50, new SplittableRandom(3));
        assertEquals(50, all.size());
        assertEquals(Arrays.stream(d.xs()).map(Arrays::toString).sorted().toList(),
                Arrays.stream(all.xs()).map(Arrays::toString).sorted().toList());
    }

    @Test
    void batchSizesOutOfRangeAreRejected() {
        Dataset d = Datasets.lecture();
        assertEquals("expected a batch size in [1, 4] (the dataset's size), found 5",
                assertThrows(IllegalArgumentException.class, () -> d.batch(5, new SplittableRandom(1))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> d.batch(0, new SplittableRandom(1)));
        assertEquals("rng", assertThrows(NullPointerException.class, () -> d.batch(2, null)).getMessage());
    }
}
