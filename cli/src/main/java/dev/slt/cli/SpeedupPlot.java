package dev.slt.cli;

import dev.slt.nn.checkpoint.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Speedup against remaining weights (%, pruning to the right): per method the ideal speedup (multiply-adds,
 * dashed) and the one measured on the kernels (solid), with 1x as the dense line.
 */
final class SpeedupPlot {

    /** One colour per method, shared by its ideal and measured lines. */
    private static final java.awt.Color[] COLOURS = {new java.awt.Color(0x1f77b4), new java.awt.Color(0x2ca02c), new java.awt.Color(0xd62728),
            new java.awt.Color(0x9467bd), new java.awt.Color(0xff7f0e)};

    private SpeedupPlot() {}

    static void write(Path file, String title, List<DemoRow> rows, List<String> methods) {
        System.setProperty("java.awt.headless", "true");
        XYChart c = new XYChartBuilder().width(720).height(480).title(title).xAxisTitle("remaining weights (%)").yAxisTitle("speedup over dense (x)").build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        c.getStyler().setXAxisDecimalPattern("0.0");
        double lo = 100;
        for (int mi = 0; mi < methods.size(); mi++) {
            String m = methods.get(mi);
            java.awt.Color colour = COLOURS[mi % COLOURS.length];
            List<Double> x = new ArrayList<>(), ideal = new ArrayList<>(), mx = new ArrayList<>(), measured = new ArrayList<>();
            for (DemoRow r : rows) {
                if (!r.method().equals(m)) continue;
                x.add(100 * r.density());
                ideal.add(r.idealSpeedup());
                lo = Math.min(lo, 100 * r.density());
                if (r.measuredSpeedup() != null) {
                    mx.add(100 * r.density());
                    measured.add(r.measuredSpeedup());
                }
            }
            if (x.isEmpty()) continue;
            var s = c.addSeries(m + " ideal", x, ideal);
            s.setMarker(SeriesMarkers.DIAMOND).setMarkerColor(colour);
            s.setLineColor(colour);
            s.setLineStyle(new java.awt.BasicStroke(1.5f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            if (!mx.isEmpty()) {
                var t = c.addSeries(m + " measured", mx, measured);
                t.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(colour);
                t.setLineColor(colour);
            }
        }
        var d = c.addSeries("dense (1x)", List.of(lo, 100.0), List.of(1.0, 1.0));
        d.setMarker(SeriesMarkers.NONE);
        d.setLineColor(java.awt.Color.GRAY);
        c.getStyler().setXAxisMin(lo - 2).setXAxisMax(101.0).setYAxisMin(0.0);
        try {
            AtomicFiles.write(file, BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + file + ": " + e.getMessage(), e);
        }
    }
}
