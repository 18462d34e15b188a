package dev.slt.datasets;

import java.nio.file.Path;

/** A dataset's training and test sets, and where they were read from ({@code null} when embedded). */
public record TrainTest(String name, ImageSet train, ImageSet test, Path location) {}
