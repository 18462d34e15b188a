package dev.slt.cli;

import dev.slt.datasets.Datasets;
import dev.slt.datasets.Embedded;
import dev.slt.datasets.fetch.Catalog;
import dev.slt.datasets.fetch.Fetcher;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code slt data fetch NAME}: downloads a dataset from its official URLs (or a mirror), verifies
 * every file's checksum and stores it where {@code slt train} looks: {@code --dir}, else
 * {@code $SLT_DATA/<name>}, else {@code ./data/<name>}.
 */
@Command(name = "fetch", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Download a dataset, verify its SHA-256 checksums and cache it (files already present and verified are kept).")
final class DataFetchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "One of: ${COMPLETION-CANDIDATES}.", completionCandidates = TrainCommand.DatasetNames.class)
    String name;

    @Option(names = "--dir", paramLabel = "DIR", description = "Folder to store the files in (default: $SLT_DATA/<name>, else ./data/<name>).")
    Path dir;

    @Option(names = "--base-url", paramLabel = "URL", description = "Download from this URL instead of the official one (a mirror; the file names stay the same).")
    String baseUrl;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        if (name.equals(Embedded.NAME)) {
            out.println(name + " is embedded in slt; there is nothing to fetch");
            return ExitCodes.OK;
        }
        if (!Datasets.NAMES.contains(name))
            throw new ParameterException(spec.commandLine(), "unknown dataset '" + name + "'; valid datasets: " + String.join(", ", Datasets.NAMES));
        String family = Datasets.family(name);
        Catalog.Source source = Catalog.OFFICIAL.source(family);
        if (baseUrl != null) {
            if (!baseUrl.matches("(?i)https?://.+"))
                throw new ParameterException(spec.commandLine(), "--base-url must be an http:// or https:// URL, got '" + baseUrl + "'");
            source = source.at(baseUrl);
        }
        Path target = dir != null ? dir : defaultDir(family, System.getenv("SLT_DATA"));
        err.println("slt data fetch: " + family + " from " + source.baseUrl() + " into " + target.toAbsolutePath().normalize());
        var report = new Fetcher(new FetchProgress(err, TrainProgress.isTerminal())).fetch(source, target);
        List<String> parts = new ArrayList<>();
        if (!report.downloaded().isEmpty()) parts.add(report.downloaded().size() + " downloaded and verified");
        if (!report.alreadyPresent().isEmpty()) parts.add(report.alreadyPresent().size() + " already present and verified");
        out.println(family + ": " + String.join(", ", parts) + " in " + target);
        out.println("terms: " + source.terms());
        out.println("use it: ./slt train --dataset " + name + (dir != null ? " --data " + target : ""));
        return ExitCodes.OK;
    }

    /** {@code $SLT_DATA/<family>} when SLT_DATA is set, else {@code ./data/<family>}: the places {@code train} searches. */
    static Path defaultDir(String family, String sltData) {
        return sltData != null && !sltData.isBlank() ? Path.of(sltData, family) : Path.of("data", family);
    }
}
