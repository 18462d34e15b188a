package dev.slt.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * {@code fashion-mnist-mini}, shipped inside this jar so the demo needs nothing but a JDK: a fixed,
 * class-balanced subset of the real Fashion-MNIST test split (MIT licence, Zalando SE). Of each
 * class's 1,000 test images, in file order, the first 800 form the training set and the last 200
 * the test set: 8,000 train and 2,000 test images.
 */
public final class Embedded {

    public static final String NAME = "fashion-mnist-mini";
    private static final String FOLDER = "fashion-mnist-mini/";

    private Embedded() {}

    public static ImageSet train() {
        return load("train");
    }

    public static ImageSet test() {
        return load("t10k");
    }

    private static ImageSet load(String split) {
        String images = FOLDER + split + "-images-idx3-ubyte.gz", labels = FOLDER + split + "-labels-idx1-ubyte.gz";
        Path ip = Path.of("classpath:", images), lp = Path.of("classpath:", labels);
        return IdxReader.parse(NAME + "-" + (split.equals("t10k") ? "test" : split), ip, resource(ip, images), lp, resource(lp, labels), 10);
    }

    private static byte[] resource(Path shown, String name) {
        try (InputStream in = Embedded.class.getResourceAsStream(name)) {
            if (in == null) throw new DataFormatException(shown, "missing from the datasets jar (a broken build?)");
            return FileBytes.read(shown, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
