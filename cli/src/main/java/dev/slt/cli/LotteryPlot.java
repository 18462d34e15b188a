package dev.slt.cli;

import dev.slt.nn.checkpoint.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Test accuracy against remaining weights (%, axis reversed so pruning goes to the right), one line per
 * series, and the dense model's accuracy as a dashed line: the paper's Figures 3-5 in small.
 */
final class LotteryPlot {

    private LotteryPlot() {}

    /** A point: weight density and test accuracy, both fractions. */
    record Point(double density, double accuracy) {}

    static void write(Path file, String title, Map<String, List<Point>> series, double denseAccuracy) {
        System.setProperty("java.awt.headless", "true");
        XYChart c = new XYChartBuilder().width(840).height(480).title(title).xAxisTitle("remaining weights (%)").yAxisTitle("test accuracy (%)").build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);   // inside, the box can hide points
        c.getStyler().setXAxisDecimalPattern("0.0");
        double lo = 100;
        for (var e : series.entrySet()) {
            List<Double> x = new ArrayList<>(), y = new ArrayList<>();
            for (Point p : e.getValue()) {
                if (Double.isNaN(p.accuracy())) continue;
                x.add(100 * p.density());
                y.add(100 * p.accuracy());
                lo = Math.min(lo, 100 * p.density());
            }
            if (!x.isEmpty()) c.addSeries(e.getKey(), x, y).setMarker(SeriesMarkers.CIRCLE);
        }
        if (!Double.isNaN(denseAccuracy)) {
            XYSeries d = c.addSeries("dense", List.of(lo, 100.0), List.of(100 * denseAccuracy, 100 * denseAccuracy));
            d.setMarker(SeriesMarkers.NONE);
            d.setLineStyle(new java.awt.BasicStroke(1.5f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        }
        c.getStyler().setXAxisMin(lo - 2).setXAxisMax(101.0);
        try {
            AtomicFiles.write(file, BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + file + ": " + e.getMessage(), e);
        }
    }
}
