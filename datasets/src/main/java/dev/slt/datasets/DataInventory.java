package dev.slt.datasets;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * What {@code slt data info} shows: for every dataset name, the first folder in the search order
 * that holds any of its files, whether all of them are there, the image counts their headers (IDX)
 * or sizes (CIFAR) give, and how to get what is missing. Reads headers only, never whole files.
 */
public final class DataInventory {

    /**
     * One dataset: {@code dir} and {@code rule} are null when no folder holds any of its files;
     * counts are -1 when unknown; {@code problem} is null unless a file could not be understood.
     */
    public record Entry(String name, Path dir, String rule, boolean complete, long trainImages, long testImages,
                        List<String> missing, String howToGet, String problem) {
        public boolean found() {
            return rule != null;
        }
    }

    private DataInventory() {}

    /** Every dataset of {@link Datasets#NAMES}, searched like {@link Datasets#load} with {@code --data dataDir} (or null). */
    public static List<Entry> scan(Path dataDir) {
        return scan(dataDir, System.getenv("SLT_DATA"), Path.of("data"));
    }

    static List<Entry> scan(Path dataDir, String sltData, Path localData) {
        List<Entry> out = new ArrayList<>();
        for (String name : Datasets.NAMES) {
            if (name.equals(Embedded.NAME)) {
                out.add(new Entry(name, null, "embedded", true, Embedded.train().size(), Embedded.test().size(), List.of(), "", null));
                continue;
            }
            String family = Datasets.family(name);
            Entry entry = new Entry(name, null, null, false, -1, -1, required(family, Path.of("")).stream().map(p -> p.getFileName().toString()).toList(),
                    Datasets.HOW_TO_GET.get(family), null);
            for (Datasets.Place place : Datasets.places(family, dataDir, sltData, localData)) {
                Entry e = inspect(name, family, place);
                if (e != null) {
                    entry = e;
                    break;
                }
            }
            out.add(entry);
        }
        return out;
    }

    /** The dataset's files in {@code place}, or null when none of them is there. */
    private static Entry inspect(String name, String family, Datasets.Place place) {
        List<Path> files = required(family, place.dir());
        List<String> missing = new ArrayList<>();
        for (Path f : files) if (!Files.isRegularFile(f)) missing.add(f.getFileName().toString());
        if (missing.size() == files.size()) return null;
        long train = -1, test = -1;
        String problem = null;
        if (missing.isEmpty()) {
            try {
                if (family.startsWith("cifar")) {
                    int record = family.equals("cifar10") ? 3073 : 3074;
                    train = records(files.subList(0, files.size() - 1), record);
                    test = records(files.subList(files.size() - 1, files.size()), record);
                } else {
                    train = idxCount(files.get(0));
                    test = idxCount(files.get(2));
                }
            } catch (DataFormatException e) {
                problem = e.getMessage();
            }
        }
        return new Entry(name, place.dir(), place.rule(), missing.isEmpty() && problem == null, train, test, List.copyOf(missing),
                Datasets.HOW_TO_GET.get(family), problem);
    }

    /** The files a complete copy holds: training files first, test files last (IDX: images, labels of each). */
    private static List<Path> required(String family, Path dir) {
        List<Path> out = new ArrayList<>();
        switch (family) {
            case "cifar10" -> {
                Path d = Datasets.cifarDir(dir, "cifar-10-batches-bin");
                for (int i = 1; i <= 5; i++) out.add(d.resolve("data_batch_" + i + ".bin"));
                out.add(d.resolve("test_batch.bin"));
            }
            case "cifar100" -> {
                Path d = Datasets.cifarDir(dir, "cifar-100-binary");
                out.add(d.resolve("train.bin"));
                out.add(d.resolve("test.bin"));
            }
            default -> {
                for (String base : List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")) {
                    Path p = Datasets.idx(dir, base);
                    out.add(p != null ? p : dir.resolve(base + ".gz"));
                }
            }
        }
        return out;
    }

    private static long records(List<Path> files, int record) {
        long n = 0;
        for (Path f : files) {
            long size = size(f);
            if (size % record != 0) throw new DataFormatException(f, size + " bytes is not a whole number of " + record + "-byte records");
            n += size / record;
        }
        return n;
    }

    /** The image count in an IDX images header (gzipped or raw), reading its 16 bytes. */
    private static long idxCount(Path file) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            try (InputStream in = gzip ? new GZIPInputStream(raw) : raw) {
                byte[] h = in.readNBytes(16);
                if (h.length < 16) throw new DataFormatException(file, "too short for an IDX images header");
                return IdxReader.header(file, h, 3, "images")[0];
            }
        } catch (IOException e) {
            throw new DataFormatException(file, "cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            throw new DataFormatException(f, "cannot be read (" + e.getMessage() + ")", e);
        }
    }
}
