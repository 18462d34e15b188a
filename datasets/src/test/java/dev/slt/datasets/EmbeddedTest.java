package dev.slt.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EmbeddedTest {

    @Test
    void miniSetIsBalancedWith8000TrainAnd2000TestImages() {
        ImageSet train = Embedded.train(), test = Embedded.test();
        assertEquals(8000, train.size());
        assertEquals(2000, test.size());
        assertEquals(28, train.height());
        for (int c : train.classCounts()) assertEquals(800, c);
        for (int c : test.classCounts()) assertEquals(200, c);
    }
}
