package dev.slt.cli;

import dev.slt.kernels.ConvGeometry;
import dev.slt.kernels.SyntheticSparsity.Pattern;
import dev.slt.nn.checkpoint.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The plot of {@code slt bench sparse}: measured speedup over dense vs weight density per pattern, and the ideal 1/density. */
final class BenchSparsePlot {

    private BenchSparsePlot() {}

    static void write(List<BenchSparseCommand.Row> rows, ConvGeometry g, int batch, Path file) {
        System.setProperty("java.awt.headless", "true");  // servers and CI have no display
        String title = String.format("conv %d->%d k%d @%dx%d, batch %d", g.inC(), g.outC(), g.kh(), g.inH(), g.inW(), batch);
        XYChart c = new XYChartBuilder().width(720).height(460).title(title)
                .xAxisTitle("weight density").yAxisTitle("speedup over dense").build();
        List<Double> all = new ArrayList<>();
        for (Pattern p : Pattern.values()) {
            List<Double> x = new ArrayList<>(), y = new ArrayList<>();
            for (BenchSparseCommand.Row r : rows)
                if (r.pattern() == p) {
                    x.add(r.density());
                    y.add(r.speedup());
                    if (!all.contains(r.density())) all.add(r.density());
                }
            if (!x.isEmpty()) c.addSeries(p.label(), x, y).setMarker(SeriesMarkers.CIRCLE);
        }
        all.sort(null);
        List<Double> ideal = new ArrayList<>();
        for (double d : all) ideal.add(1 / d);
        if (!all.isEmpty()) {
            XYSeries s = c.addSeries("ideal (1/density)", all, ideal);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineStyle(SeriesLines.DASH_DASH);
        }
        try {
            AtomicFiles.write(file, BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + file + ": " + e.getMessage(), e);
        }
    }
}
