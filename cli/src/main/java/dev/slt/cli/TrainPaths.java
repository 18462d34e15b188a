package dev.slt.cli;

import java.nio.file.Path;

/** Every file name of a {@code slt train} output folder, in one place. */
record TrainPaths(Path dir) {

    Path checkpoint() {
        return dir.resolve("checkpoint.safetensors");
    }

    Path model() {
        return dir.resolve("model.safetensors");
    }

    /** Written last among the results: its presence marks a finished run. */
    Path metricsJson() {
        return dir.resolve("metrics.json");
    }

    Path metricsCsv() {
        return dir.resolve("metrics.csv");
    }

    Path curves() {
        return dir.resolve("curves.png");
    }
}
