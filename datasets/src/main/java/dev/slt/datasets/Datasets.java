package dev.slt.datasets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds and reads datasets by name. Where data comes from, in order: the folder given with
 * {@code --data}, else {@code $SLT_DATA/<name>}, else {@code ./data/<name>}, else (Fashion-MNIST only)
 * the install location of Debian's {@code dataset-fashion-mnist} package. The embedded
 * {@code fashion-mnist-mini} needs no files.
 */
public final class Datasets {

    /** The names {@link #load} accepts. */
    public static final List<String> NAMES = List.of("fashion-mnist", "mnist", "cifar10", "cifar100", "cifar100-coarse", Embedded.NAME);

    static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    static final Map<String, String> HOW_TO_GET = Map.of(
            "fashion-mnist", "./slt data fetch fashion-mnist, or apt-get install dataset-fashion-mnist",
            "mnist", "./slt data fetch mnist",
            "cifar10", "./slt data fetch cifar10 (or unpack cifar-10-binary.tar.gz there)",
            "cifar100", "./slt data fetch cifar100 (or unpack cifar-100-binary.tar.gz there)");

    private Datasets() {}

    /** Reads dataset {@code name}; {@code dataDir} is the {@code --data} folder or null. */
    public static TrainTest load(String name, Path dataDir) {
        if (name.equals(Embedded.NAME)) return new TrainTest(name, Embedded.train(), Embedded.test(), null);
        String family = family(name);
        List<Path> searched = new ArrayList<>();
        for (Path dir : candidates(family, dataDir, System.getenv("SLT_DATA"), Path.of("data"))) {
            searched.add(dir);
            if (present(family, dir)) return read(name, family, dir);
        }
        StringBuilder msg = new StringBuilder("dataset '" + name + "' not found. Looked in:");
        for (Path p : searched) msg.append("\n  ").append(p.toAbsolutePath().normalize());
        msg.append("\nGet it with: ").append(HOW_TO_GET.get(family)).append(", or point --data at a folder holding ").append(files(family));
        throw new DatasetNotFoundException(msg.toString());
    }

    /** A folder {@code load} looks in and the search rule that put it there. */
    public record Place(Path dir, String rule) {}

    /** Where {@code load} looks, in order. */
    static List<Path> candidates(String family, Path dataDir, String sltData, Path localData) {
        return places(family, dataDir, sltData, localData).stream().map(Place::dir).toList();
    }

    /** Where {@code load} looks, in order, with the rule behind each folder. */
    static List<Place> places(String family, Path dataDir, String sltData, Path localData) {
        List<Place> out = new ArrayList<>();
        if (dataDir != null) out.add(new Place(dataDir, "--data"));
        if (sltData != null && !sltData.isBlank()) out.add(new Place(Path.of(sltData, family), "$SLT_DATA"));
        out.add(new Place(localData.resolve(family), "./data"));
        if (family.equals("fashion-mnist")) out.add(new Place(DEBIAN_FASHION_MNIST, "Debian dataset-fashion-mnist"));
        return out;
    }

    /** The name whose files {@code name} reads: {@code cifar100-coarse} reads cifar100's. */
    public static String family(String name) {
        return switch (name) {
            case "fashion-mnist", "mnist", "cifar10", "cifar100" -> name;
            case "cifar100-coarse" -> "cifar100";
            default -> throw new IllegalArgumentException("unknown dataset '" + name + "' (valid: " + String.join(", ", NAMES) + ")");
        };
    }

    static String files(String family) {
        return switch (family) {
            case "cifar10" -> "data_batch_1.bin .. data_batch_5.bin and test_batch.bin";
            case "cifar100" -> "train.bin and test.bin";
            default -> "train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz";
        };
    }

    static boolean present(String family, Path dir) {
        return switch (family) {
            case "cifar10" -> Files.isRegularFile(cifarDir(dir, "cifar-10-batches-bin").resolve("test_batch.bin"));
            case "cifar100" -> Files.isRegularFile(cifarDir(dir, "cifar-100-binary").resolve("test.bin"));
            default -> idx(dir, "t10k-images-idx3-ubyte") != null;
        };
    }

    private static TrainTest read(String name, String family, Path dir) {
        int classes = 10;
        return switch (family) {
            case "cifar10" -> {
                Path d = cifarDir(dir, "cifar-10-batches-bin");
                List<Path> train = new ArrayList<>();
                for (int i = 1; i <= 5; i++) train.add(d.resolve("data_batch_" + i + ".bin"));
                yield new TrainTest(name, CifarReader.cifar10(name + "-train", train),
                        CifarReader.cifar10(name + "-test", List.of(d.resolve("test_batch.bin"))), d);
            }
            case "cifar100" -> {
                Path d = cifarDir(dir, "cifar-100-binary");
                var labels = name.endsWith("coarse") ? CifarReader.Labels.COARSE : CifarReader.Labels.FINE;
                yield new TrainTest(name, CifarReader.cifar100(name + "-train", List.of(d.resolve("train.bin")), labels),
                        CifarReader.cifar100(name + "-test", List.of(d.resolve("test.bin")), labels), d);
            }
            default -> new TrainTest(name,
                    IdxReader.read(name + "-train", idxOrMissing(dir, "train-images-idx3-ubyte"), idxOrMissing(dir, "train-labels-idx1-ubyte"), classes),
                    IdxReader.read(name + "-test", idxOrMissing(dir, "t10k-images-idx3-ubyte"), idxOrMissing(dir, "t10k-labels-idx1-ubyte"), classes),
                    dir);
        };
    }

    /** The CIFAR archives unpack into a subfolder; accept the files there or directly in dir. */
    static Path cifarDir(Path dir, String sub) {
        return Files.isDirectory(dir.resolve(sub)) ? dir.resolve(sub) : dir;
    }

    /** The IDX file {@code base}, gzipped or raw, or null. */
    static Path idx(Path dir, String base) {
        for (String name : new String[] {base + ".gz", base, base.replace("-idx", ".idx") + ".gz", base.replace("-idx", ".idx")}) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) return p;
        }
        return null;
    }

    private static Path idxOrMissing(Path dir, String base) {
        Path p = idx(dir, base);
        return p != null ? p : dir.resolve(base + ".gz");  // the reader then reports it as missing
    }
}
