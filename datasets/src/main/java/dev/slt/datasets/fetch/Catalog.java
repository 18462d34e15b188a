package dev.slt.datasets.fetch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each dataset's files come from: a base URL, the files below it and their checksums, and for
 * an archive the files it must unpack to. {@link #OFFICIAL} is the real one; tests build their own
 * around a local server.
 *
 * <p>Checksums are SHA-256 of the files as served: the values that several independent projects
 * publish and pin for these exact files (the files torchvision identifies by MD5; for Fashion-MNIST,
 * sizes 26,421,880 / 29,515 / 4,422,102 / 5,148 bytes). They were not computed here: this machine
 * had no internet when the catalog was written. The Fashion-MNIST copy in ../shared/data is a
 * re-compressed one (other gzip bytes, other hashes), so its hashes must not be used here.
 */
public record Catalog(Map<String, Source> sources) {

    /** A checksum and the algorithm that made it ({@code SHA-256}, or {@code MD5} where nothing better is published). */
    public record Checksum(String algorithm, String hex) {
        public Checksum {
            if (!algorithm.equals("SHA-256") && !algorithm.equals("MD5"))
                throw new IllegalArgumentException("checksum algorithm " + algorithm + " (SHA-256 or MD5)");
            hex = hex.toLowerCase(java.util.Locale.ROOT);
        }

        static Checksum sha256(String hex) {
            return new Checksum("SHA-256", hex);
        }
    }

    /** A file an archive unpacks to, relative to the dataset folder, and its exact size. */
    public record Extracted(String path, long bytes) {}

    /**
     * One file to download from {@code baseUrl + name}. {@code contents} empty: the file is kept as
     * it is. Otherwise it is a .tar.gz that is unpacked into the dataset folder and then deleted; the
     * dataset is present when every listed content file exists with its size.
     */
    public record RemoteFile(String name, Checksum checksum, List<Extracted> contents) {
        public RemoteFile {
            contents = List.copyOf(contents);
        }

        public boolean isArchive() {
            return !contents.isEmpty();
        }
    }

    /** A dataset's download: base URL (ending in /), files, and its licence or terms in one line. */
    public record Source(String name, String baseUrl, List<RemoteFile> files, String terms) {
        public Source {
            if (!baseUrl.endsWith("/")) baseUrl = baseUrl + "/";
            files = List.copyOf(files);
        }

        /** The same files from another server (a mirror, or a test's local server). */
        public Source at(String otherBaseUrl) {
            return new Source(name, otherBaseUrl, files, terms);
        }
    }

    public Catalog {
        sources = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    }

    /** The source for {@code name}, or an IllegalArgumentException naming the valid ones. */
    public Source source(String name) {
        Source s = sources.get(name);
        if (s == null) throw new IllegalArgumentException("unknown dataset '" + name + "' (can fetch: " + String.join(", ", sources.keySet()) + ")");
        return s;
    }

    /** The official download locations of the datasets SLT reads from files. */
    public static final Catalog OFFICIAL = new Catalog(Map.of(
            "fashion-mnist", idx("fashion-mnist", "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
                    "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
                    "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
                    "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
                    "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
                    "Fashion-MNIST, (c) Zalando SE, MIT licence"),
            // the S3 mirror torchvision uses; yann.lecun.com often refuses downloads
            "mnist", idx("mnist", "https://ossci-datasets.s3.amazonaws.com/mnist/",
                    "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
                    "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
                    "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
                    "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
                    "MNIST, Y. LeCun, C. Cortes and C. Burges, CC BY-SA 3.0"),
            "cifar10", new Source("cifar10", "https://www.cs.toronto.edu/~kriz/", List.of(new RemoteFile("cifar-10-binary.tar.gz",
                    Checksum.sha256("c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd"), cifar10Contents())),
                    "CIFAR-10, A. Krizhevsky, 2009 (cite the tech report)"),
            "cifar100", new Source("cifar100", "https://www.cs.toronto.edu/~kriz/", List.of(new RemoteFile("cifar-100-binary.tar.gz",
                    Checksum.sha256("58a81ae192c23a4be8b1804d68e518ed807d710a4eb253b1f2a199162a40d8ec"),
                    List.of(new Extracted("cifar-100-binary/train.bin", 50_000L * 3074), new Extracted("cifar-100-binary/test.bin", 10_000L * 3074)))),
                    "CIFAR-100, A. Krizhevsky, 2009 (cite the tech report)")))
            .ordered("fashion-mnist", "mnist", "cifar10", "cifar100");

    private Catalog ordered(String... names) {
        Map<String, Source> m = new LinkedHashMap<>();
        for (String n : names) m.put(n, sources.get(n));
        return new Catalog(m);
    }

    private static Source idx(String name, String base, String trainImages, String trainLabels, String testImages, String testLabels, String terms) {
        return new Source(name, base, List.of(
                new RemoteFile("train-images-idx3-ubyte.gz", Checksum.sha256(trainImages), List.of()),
                new RemoteFile("train-labels-idx1-ubyte.gz", Checksum.sha256(trainLabels), List.of()),
                new RemoteFile("t10k-images-idx3-ubyte.gz", Checksum.sha256(testImages), List.of()),
                new RemoteFile("t10k-labels-idx1-ubyte.gz", Checksum.sha256(testLabels), List.of())), terms);
    }

    private static List<Extracted> cifar10Contents() {
        List<Extracted> out = new ArrayList<>();
        for (int i = 1; i <= 5; i++) out.add(new Extracted("cifar-10-batches-bin/data_batch_" + i + ".bin", 10_000L * 3073));
        out.add(new Extracted("cifar-10-batches-bin/test_batch.bin", 10_000L * 3073));
        return out;
    }
}
